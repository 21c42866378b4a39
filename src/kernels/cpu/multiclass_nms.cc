// Reference CPU kernel of MulticlassNms, with Paddle multiclass_nms3's semantics (3-D scores,
// 4-coordinate boxes). Per image:
//   1. For each class c != background_label: candidates are the boxes with score > score_threshold,
//      sorted by score descending with a stable sort (equal scores keep the lower box index first),
//      cut to the first nms_top_k (-1 or any negative = all).
//   2. Greedy NMS over the candidates: a box is kept when its IoU with every box kept so far is
//      <= the adaptive threshold; after each kept box, when nms_eta < 1 and the threshold > 0.5,
//      the threshold is multiplied by nms_eta.
//      IoU: normalized boxes use (x2-x1)*(y2-y1) areas; otherwise Paddle's pixel convention adds 1
//      to widths and heights (areas and intersection). A box with x2 < x1 or y2 < y1 has area 0;
//      boxes that do not touch have IoU 0.
//   3. When keep_top_k >= 0 and more than keep_top_k boxes survive over all classes, all survivors
//      are stable-sorted by score descending (ties: lower class, then NMS order) and cut to
//      keep_top_k.
//   4. Rows are written grouped by class label ascending, and within a class in NMS order (score
//      descending). Note: as Paddle, the rows of an image are NOT globally sorted by score.
// Outputs: Out [K, 6] (label, score, x1, y1, x2, y2) for all images concatenated, Index [K, 1]
// (image * M + box), NmsRoisNum [N]. When no box survives in the whole batch Out is [0, 6] and
// Index [0, 1] (multiclass_nms3 always returns Index; the legacy single -1 row belongs to the old
// multiclass_nms without Index), and NmsRoisNum is all zeros.
#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "kernels/cpu/register_groups.h"

namespace oar::kernels::cpu {

namespace {

// Area as Paddle: 0 for an inverted box, +1 on the sides when not normalized.
inline float BoxArea(const float* b, bool normalized) {
  if (b[2] < b[0] || b[3] < b[1]) return 0.0f;
  const float w = b[2] - b[0];
  const float h = b[3] - b[1];
  return normalized ? w * h : (w + 1) * (h + 1);
}

inline float Iou(const float* a, const float* b, bool normalized) {
  if (b[0] > a[2] || b[2] < a[0] || b[1] > a[3] || b[3] < a[1]) return 0.0f;
  const float norm = normalized ? 0.0f : 1.0f;
  const float inter_w = std::min(a[2], b[2]) - std::max(a[0], b[0]) + norm;
  const float inter_h = std::min(a[3], b[3]) - std::max(a[1], b[1]) + norm;
  const float inter = inter_w * inter_h;
  return inter / (BoxArea(a, normalized) + BoxArea(b, normalized) - inter);
}

struct Detection {
  float score;
  int32_t label;
  int32_t box;
};

class MulticlassNmsKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const Shape& boxes = ctx.input(0).shape();
    const Shape& scores = ctx.input(1).shape();
    if (boxes.rank() != 3 || boxes[2] != 4 || scores.rank() != 3 || scores[0] != boxes[0] ||
        scores[2] != boxes[1]) {
      return InvalidArgument("cpu kernel: " + ctx.Where() + "expected BBoxes [N, M, 4] and Scores [N, C, M], got " +
                             ctx.input(0).Describe() + " and " + ctx.input(1).Describe());
    }
    const size_t m = static_cast<size_t>(boxes[1]);
    const size_t c = static_cast<size_t>(scores[1]);
    candidates_.reserve(m);
    kept_.reserve(m);
    image_dets_.reserve(m * c);
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const auto& a = ctx.attr<ir::MulticlassNmsAttrs>();
    const Tensor& boxes = ctx.input(0);
    const Tensor& scores = ctx.input(1);
    const int64_t n = boxes.shape()[0];
    const int64_t m = boxes.shape()[1];
    const int64_t num_classes = scores.shape()[1];
    const float* box_data = boxes.data<float>();
    const float* score_data = scores.data<float>();

    all_dets_.clear();
    rois_num_.assign(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      const float* img_boxes = box_data + i * m * 4;
      image_dets_.clear();
      for (int64_t c = 0; c < num_classes; ++c) {
        if (c == a.background_label) continue;
        const float* cls_scores = score_data + (i * num_classes + c) * m;
        Nms(a, img_boxes, cls_scores, m);
        for (int32_t box : kept_) image_dets_.push_back({cls_scores[box], static_cast<int32_t>(c), box});
      }
      if (a.keep_top_k > -1 && static_cast<int64_t>(image_dets_.size()) > a.keep_top_k) {
        std::stable_sort(image_dets_.begin(), image_dets_.end(),
                         [](const Detection& x, const Detection& y) { return x.score > y.score; });
        image_dets_.resize(static_cast<size_t>(a.keep_top_k));
        // Back to (label ascending, NMS order): NMS order within a label is score descending and
        // the sort above was stable, so a stable sort by label restores it.
        std::stable_sort(image_dets_.begin(), image_dets_.end(),
                         [](const Detection& x, const Detection& y) { return x.label < y.label; });
      }
      for (Detection& d : image_dets_) d.box += static_cast<int32_t>(i * m);
      all_dets_.insert(all_dets_.end(), image_dets_.begin(), image_dets_.end());
      rois_num_[static_cast<size_t>(i)] = static_cast<int32_t>(image_dets_.size());
    }

    const int64_t k = static_cast<int64_t>(all_dets_.size());
    Tensor& out = ctx.output(0);
    Tensor& index = ctx.output(1);
    out.Resize(DType::kFloat32, Shape{k, 6});
    index.Resize(DType::kInt32, Shape{k, 1});
    float* o = out.data<float>();
    int32_t* idx = index.data<int32_t>();
    for (int64_t r = 0; r < k; ++r) {
      const Detection& d = all_dets_[static_cast<size_t>(r)];
      o[r * 6] = static_cast<float>(d.label);
      o[r * 6 + 1] = d.score;
      std::memcpy(o + r * 6 + 2, box_data + static_cast<int64_t>(d.box) * 4, 4 * sizeof(float));
      idx[r] = d.box;
    }
    Tensor& num = ctx.output(2);
    num.Resize(DType::kInt32, Shape{n});
    if (n) std::memcpy(num.data<int32_t>(), rois_num_.data(), static_cast<size_t>(n) * sizeof(int32_t));
    return Status::OK();
  }

 private:
  // Greedy NMS of one class of one image; fills kept_ with box indices in selection order.
  void Nms(const ir::MulticlassNmsAttrs& a, const float* img_boxes, const float* cls_scores, int64_t m) {
    candidates_.clear();
    for (int64_t b = 0; b < m; ++b) {
      if (cls_scores[b] > a.score_threshold) candidates_.emplace_back(cls_scores[b], static_cast<int32_t>(b));
    }
    std::stable_sort(candidates_.begin(), candidates_.end(),
                     [](const std::pair<float, int32_t>& x, const std::pair<float, int32_t>& y) {
                       return x.first > y.first;
                     });
    if (a.nms_top_k > -1 && a.nms_top_k < static_cast<int64_t>(candidates_.size())) {
      candidates_.resize(static_cast<size_t>(a.nms_top_k));
    }
    kept_.clear();
    float threshold = a.nms_threshold;
    for (const auto& cand : candidates_) {
      const float* box = img_boxes + static_cast<int64_t>(cand.second) * 4;
      bool keep = true;
      for (int32_t kept : kept_) {
        // Written as !(iou <= t) so that a NaN IoU suppresses, as in Paddle.
        if (!(Iou(box, img_boxes + static_cast<int64_t>(kept) * 4, a.normalized) <= threshold)) {
          keep = false;
          break;
        }
      }
      if (!keep) continue;
      kept_.push_back(cand.second);
      if (a.nms_eta < 1.0f && threshold > 0.5f) threshold *= a.nms_eta;
    }
  }

  std::vector<std::pair<float, int32_t>> candidates_;
  std::vector<int32_t> kept_;
  std::vector<Detection> image_dets_;
  std::vector<Detection> all_dets_;
  std::vector<int32_t> rois_num_;
};

std::unique_ptr<runtime::Kernel> MakeMulticlassNmsKernel() { return std::make_unique<MulticlassNmsKernel>(); }

}  // namespace

void RegisterMulticlassNmsKernels(runtime::KernelRegistry& registry) {
  runtime::KernelDef def;
  def.kind = ir::OpKind::kMulticlassNms;
  def.device = runtime::DeviceType::kCpu;
  def.dtype = DType::kFloat32;
  def.name = "ref";
  def.factory = MakeMulticlassNmsKernel;
  registry.Register(std::move(def));
}

}  // namespace oar::kernels::cpu
