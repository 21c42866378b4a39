// Reference CPU kernel of YoloBox: decodes a YOLOv3 head into boxes and per-class scores, with
// Paddle yolo_box's arithmetic (float32, same operation order); outputs matched paddle 3.3.1 bit for
// bit on random inputs (with and without iou_aware, clip_bbox, scale_x_y).
//
// For image n, anchor a, grid cell (row k, column l) of an H x W grid, with the input size
// in_h = downsample_ratio * H, in_w = downsample_ratio * W and the image size (img_h, img_w):
//   cx = (l + sigmoid(tx) * scale_x_y + bias) * img_w / W,   bias = -0.5 * (scale_x_y - 1)
//   cy = (k + sigmoid(ty) * scale_x_y + bias) * img_h / H
//   bw = exp(tw) * anchor_w * img_w / in_w,  bh = exp(th) * anchor_h * img_h / in_h
//   conf = sigmoid(obj)   (iou_aware: sigmoid(obj)^(1-f) * sigmoid(iou)^f)
// Row a*H*W + k*W + l of Boxes holds (cx - bw/2, cy - bh/2, cx + bw/2, cy + bh/2), clipped to
// [0, img_w-1] x [0, img_h-1] when clip_bbox; Scores holds conf * sigmoid(class logit). Rows with
// conf < conf_thresh stay all zero.
//
// Channel layout per image: iou_aware puts A IoU channels first, then per anchor the 5 + C
// channels (tx, ty, tw, th, obj, class logits).
#include <cmath>
#include <cstring>

#include "kernels/cpu/register_groups.h"

namespace oar::kernels::cpu {

namespace {

// Paddle evaluates 1.0 / (1.0 + exp(-x)) with a float exp and double division.
inline float Sigmoid(float x) { return static_cast<float>(1.0 / (1.0 + std::exp(-x))); }

class YoloBoxKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const auto& a = ctx.attr<ir::YoloBoxAttrs>();
    const Shape& x = ctx.input(0).shape();
    const int64_t num_anchors = static_cast<int64_t>(a.anchors.size()) / 2;
    const int64_t channels = num_anchors * ((a.iou_aware ? 6 : 5) + a.class_num);
    if (x.rank() != 4 || x[1] != channels) {
      return InvalidArgument("cpu kernel: " + ctx.Where() + "input #0: expected [N, " + std::to_string(channels) +
                             ", H, W], got " + ctx.input(0).Describe());
    }
    const Tensor& img = ctx.input(1);
    if (img.numel() != 2 * x[0] || (img.dtype() != DType::kInt32 && img.dtype() != DType::kInt64)) {
      return InvalidArgument("cpu kernel: " + ctx.Where() + "input #1 'ImgSize': expected i32/i64 [" +
                             std::to_string(x[0]) + ", 2], got " + img.Describe());
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const auto& a = ctx.attr<ir::YoloBoxAttrs>();
    const Tensor& input = ctx.input(0);
    const Tensor& img_size = ctx.input(1);
    Tensor& boxes = ctx.output(0);
    Tensor& scores = ctx.output(1);
    boxes.Zero();
    scores.Zero();

    const int n = static_cast<int>(input.shape()[0]);
    const int h = static_cast<int>(input.shape()[2]);
    const int w = static_cast<int>(input.shape()[3]);
    const int an_num = static_cast<int>(a.anchors.size() / 2);
    const int class_num = static_cast<int>(a.class_num);
    const int input_size_h = static_cast<int>(a.downsample_ratio) * h;
    const int input_size_w = static_cast<int>(a.downsample_ratio) * w;
    const int64_t stride = static_cast<int64_t>(h) * w;
    const int64_t an_stride = (5 + class_num) * stride;
    const int64_t box_num = an_num * stride;
    // Per image: [A IoU channels when iou_aware] then A blocks of (5 + C) channels.
    const int64_t image_stride = an_num * an_stride + (a.iou_aware ? an_num * stride : 0);
    const int64_t head_offset = a.iou_aware ? an_num * stride : 0;
    const float scale = a.scale_x_y;
    const float bias = static_cast<float>(-0.5 * (static_cast<double>(a.scale_x_y) - 1.0));
    const float conf_exp = static_cast<float>(1.0 - static_cast<double>(a.iou_aware_factor));
    const float iou_exp = a.iou_aware_factor;

    const float* x = input.data<float>();
    float* box_out = boxes.data<float>();
    float* score_out = scores.data<float>();
    for (int i = 0; i < n; ++i) {
      const int img_height = static_cast<int>(img_size.GetInt(2 * i));
      const int img_width = static_cast<int>(img_size.GetInt(2 * i + 1));
      const float* image = x + i * image_stride;
      for (int j = 0; j < an_num; ++j) {
        const float* head = image + head_offset + j * an_stride;
        const int anchor_w = static_cast<int>(a.anchors[static_cast<size_t>(2 * j)]);
        const int anchor_h = static_cast<int>(a.anchors[static_cast<size_t>(2 * j + 1)]);
        for (int k = 0; k < h; ++k) {
          for (int l = 0; l < w; ++l) {
            const int64_t hw = static_cast<int64_t>(k) * w + l;
            float conf = Sigmoid(head[4 * stride + hw]);
            if (a.iou_aware) {
              const float iou = Sigmoid(image[j * stride + hw]);
              // Powers and product in double, rounded once: this matches Paddle's results bit for bit.
              conf = static_cast<float>(std::pow(static_cast<double>(conf), static_cast<double>(conf_exp)) *
                                        std::pow(static_cast<double>(iou), static_cast<double>(iou_exp)));
            }
            if (conf < a.conf_thresh) continue;

            // Same operation order as Paddle (float, left to right).
            const float cx = (l + Sigmoid(head[hw]) * scale + bias) * img_width / w;
            const float cy = (k + Sigmoid(head[stride + hw]) * scale + bias) * img_height / h;
            const float bw = std::exp(head[2 * stride + hw]) * anchor_w * img_width / input_size_w;
            const float bh = std::exp(head[3 * stride + hw]) * anchor_h * img_height / input_size_h;
            const int64_t row = i * box_num + j * stride + hw;
            float* b = box_out + row * 4;
            b[0] = cx - bw / 2;
            b[1] = cy - bh / 2;
            b[2] = cx + bw / 2;
            b[3] = cy + bh / 2;
            if (a.clip_bbox) {
              b[0] = b[0] > 0 ? b[0] : 0.0f;
              b[1] = b[1] > 0 ? b[1] : 0.0f;
              b[2] = b[2] < img_width - 1 ? b[2] : static_cast<float>(img_width - 1);
              b[3] = b[3] < img_height - 1 ? b[3] : static_cast<float>(img_height - 1);
            }
            float* s = score_out + row * class_num;
            for (int c = 0; c < class_num; ++c) s[c] = conf * Sigmoid(head[(5 + c) * stride + hw]);
          }
        }
      }
    }
    return Status::OK();
  }
};

std::unique_ptr<runtime::Kernel> MakeYoloBoxKernel() { return std::make_unique<YoloBoxKernel>(); }

}  // namespace

void RegisterYoloBoxKernels(runtime::KernelRegistry& registry) {
  runtime::KernelDef def;
  def.kind = ir::OpKind::kYoloBox;
  def.device = runtime::DeviceType::kCpu;
  def.dtype = DType::kFloat32;
  def.name = "ref";
  def.factory = MakeYoloBoxKernel;
  registry.Register(std::move(def));
}

}  // namespace oar::kernels::cpu
