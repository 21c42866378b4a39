// Schemas of the detection ops: YoloBox (Paddle yolo_box) and MulticlassNms (Paddle multiclass_nms3).
// Semantics live in ir/attrs.h; the kernels are in kernels/cpu/yolo_box.cc and multiclass_nms.cc.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <variant>

#include "ir/op_schema.h"

namespace oar::ir {

namespace {

/// The dim as text, "?" when unknown.
std::string DimString(int64_t d) { return d < 0 ? std::string("?") : std::to_string(d); }

/// Product of known dims, kUnknownDim when any is unknown.
int64_t KnownProduct(std::initializer_list<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims) {
    if (d < 0) return kUnknownDim;
    p *= d;
  }
  return p;
}

// X [N, A*(5+C), H, W] (iou_aware: [N, A*(6+C), H, W], the A IoU channels first), ImgSize [N, 2].
Status InferYoloBox(InferContext& ctx) {
  const auto* attrs = std::get_if<YoloBoxAttrs>(&ctx.node().attrs);
  if (!attrs) return ctx.Error("expected YoloBoxAttrs attributes");
  const YoloBoxAttrs& a = *attrs;
  if (ctx.num_outputs() != 2) {
    return ctx.Error("expected 2 outputs (Boxes, Scores), got " + std::to_string(ctx.num_outputs()));
  }
  if (a.anchors.empty() || a.anchors.size() % 2 != 0) {
    return ctx.Error("attribute 'anchors': expected a non-empty list of (w, h) pairs, got " +
                     std::to_string(a.anchors.size()) + " values");
  }
  if (a.class_num <= 0) {
    return ctx.Error("attribute 'class_num': expected > 0, got " + std::to_string(a.class_num));
  }
  if (a.downsample_ratio <= 0) {
    return ctx.Error("attribute 'downsample_ratio': expected > 0, got " + std::to_string(a.downsample_ratio));
  }
  if (a.iou_aware && !(a.iou_aware_factor >= 0.0f && a.iou_aware_factor <= 1.0f)) {
    return ctx.Error("attribute 'iou_aware_factor': expected a value in [0, 1], got " +
                     std::to_string(a.iou_aware_factor));
  }
  if (ctx.input_dtype(0) != DType::kFloat32) return ctx.InputError(0, "dtype f32", "");
  const Shape& x = ctx.input_shape(0);
  if (x.rank() != 4) return ctx.InputError(0, "rank 4 [N, A*(5+C), H, W]", "");
  const int64_t num_anchors = static_cast<int64_t>(a.anchors.size()) / 2;
  const int64_t channels = num_anchors * ((a.iou_aware ? 6 : 5) + a.class_num);
  if (x[1] >= 0 && x[1] != channels) {
    return ctx.InputError(0,
                          std::to_string(channels) + " channels (" + std::to_string(num_anchors) + " anchors * (" +
                              (a.iou_aware ? "6" : "5") + " + class_num " + std::to_string(a.class_num) + "))",
                          "");
  }
  DType img_dtype = ctx.input_dtype(1);
  if (img_dtype != DType::kInt32 && img_dtype != DType::kInt64) return ctx.InputError(1, "dtype i32 or i64", "");
  const Shape& img = ctx.input_shape(1);
  if (img.rank() != 2 || (img[1] >= 0 && img[1] != 2)) return ctx.InputError(1, "shape [N, 2] (h, w)", "");
  if (img[0] >= 0 && x[0] >= 0 && img[0] != x[0]) {
    return ctx.InputError(1, "batch " + DimString(x[0]) + " (as input #0)", "");
  }
  const int64_t n = x[0] >= 0 ? x[0] : img[0];
  const int64_t boxes = KnownProduct({num_anchors, x[2], x[3]});
  ctx.set_output(0, DType::kFloat32, Shape{n, boxes, 4});
  ctx.set_output(1, DType::kFloat32, Shape{n, boxes, a.class_num});
  return Status::OK();
}

// BBoxes [N, M, 4], Scores [N, C, M] -> Out [K, 6], Index [K, 1], NmsRoisNum [N]; K is data dependent.
Status InferMulticlassNms(InferContext& ctx) {
  if (!std::holds_alternative<MulticlassNmsAttrs>(ctx.node().attrs)) {
    return ctx.Error("expected MulticlassNmsAttrs attributes");
  }
  if (ctx.num_outputs() != 3) {
    return ctx.Error("expected 3 outputs (Out, Index, NmsRoisNum), got " + std::to_string(ctx.num_outputs()));
  }
  for (int i = 0; i < 2; ++i) {
    if (ctx.input_dtype(i) != DType::kFloat32) return ctx.InputError(i, "dtype f32", "");
  }
  const Shape& boxes = ctx.input_shape(0);
  const Shape& scores = ctx.input_shape(1);
  if (boxes.rank() != 3 || (boxes[2] >= 0 && boxes[2] != 4)) {
    return ctx.InputError(0, "shape [N, M, 4] (x1, y1, x2, y2)", "");
  }
  if (scores.rank() != 3) return ctx.InputError(1, "rank 3 [N, C, M]", "");
  if (boxes[0] >= 0 && scores[0] >= 0 && boxes[0] != scores[0]) {
    return ctx.InputError(1, "batch " + DimString(boxes[0]) + " (as input #0 BBoxes)", "");
  }
  if (boxes[1] >= 0 && scores[2] >= 0 && boxes[1] != scores[2]) {
    return ctx.InputError(1, "dim 2 = " + DimString(boxes[1]) + " boxes (as dim 1 of input #0 BBoxes)", "");
  }
  const int64_t n = boxes[0] >= 0 ? boxes[0] : scores[0];
  ctx.set_output(0, DType::kFloat32, Shape{kUnknownDim, 6});
  ctx.set_output(1, DType::kInt32, Shape{kUnknownDim, 1});
  ctx.set_output(2, DType::kInt32, Shape{n});
  return Status::OK();
}

}  // namespace

void RegisterDetectionSchemas() {
  OpSchema yolo;
  yolo.kind = OpKind::kYoloBox;
  yolo.min_inputs = 2;
  yolo.max_inputs = 2;
  yolo.num_outputs = 2;
  yolo.infer = InferYoloBox;
  RegisterSchema(std::move(yolo));

  OpSchema nms;
  nms.kind = OpKind::kMulticlassNms;
  nms.min_inputs = 2;
  nms.max_inputs = 2;
  nms.num_outputs = 3;
  nms.data_dependent_output = true;
  nms.infer = InferMulticlassNms;
  RegisterSchema(std::move(nms));
}

}  // namespace oar::ir
