// Paddle `yolo_box`: decodes one YOLOv3 head X [N, A*(5+C), H, W] with ImgSize [N, 2] (h, w) into
// Boxes [N, A*H*W, 4] and Scores [N, A*H*W, C] -> YoloBox (same attributes).
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertYoloBox(ConverterContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireNchw(ctx, "data_format"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId img_size, ctx.Input("ImgSize"));
  ir::YoloBoxAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.anchors, ctx.Ints("anchors"));
  OAR_ASSIGN_OR_RETURN(attrs.class_num, ctx.Int("class_num"));
  OAR_ASSIGN_OR_RETURN(attrs.conf_thresh, ctx.Float("conf_thresh"));
  OAR_ASSIGN_OR_RETURN(attrs.downsample_ratio, ctx.Int("downsample_ratio", 32));
  OAR_ASSIGN_OR_RETURN(attrs.clip_bbox, ctx.Bool("clip_bbox", true));
  OAR_ASSIGN_OR_RETURN(attrs.scale_x_y, ctx.Float("scale_x_y", 1.0f));
  OAR_ASSIGN_OR_RETURN(attrs.iou_aware, ctx.Bool("iou_aware", false));
  OAR_ASSIGN_OR_RETURN(attrs.iou_aware_factor, ctx.Float("iou_aware_factor", 0.5f));
  if (attrs.anchors.empty() || attrs.anchors.size() % 2 != 0) {
    return ctx.Error("attribute 'anchors' must hold (w, h) pairs, got " + IntsToString(attrs.anchors));
  }
  if (attrs.class_num < 1)
    return ctx.Error("attribute 'class_num' must be >= 1, got " + std::to_string(attrs.class_num));
  if (attrs.downsample_ratio < 1) {
    return ctx.Error("attribute 'downsample_ratio' must be >= 1, got " + std::to_string(attrs.downsample_ratio));
  }
  OAR_ASSIGN_OR_RETURN(ir::ValueId boxes, ctx.Output("Boxes"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId scores, ctx.Output("Scores"));
  ctx.AddNode(ir::OpKind::kYoloBox, {x, img_size}, {boxes, scores}, attrs);
  return Status::OK();
}

}  // namespace

void RegisterYoloBoxConverter(ConverterRegistry& registry) { registry.Register("yolo_box", ConvertYoloBox); }

}  // namespace oar::frontends::paddle
