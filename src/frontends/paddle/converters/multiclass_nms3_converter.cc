// Paddle `multiclass_nms3`: per-class NMS over BBoxes [N, M, 4] and Scores [N, C, M] -> MulticlassNms
// with outputs Out [K, 6] (label, score, x1, y1, x2, y2), Index [K, 1] and NmsRoisNum [N]. The
// LoD-style form with a RoisNum input (Scores [M, C]) is kUnsupported.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertMulticlassNms3(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId boxes, ctx.Input("BBoxes"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId scores, ctx.Input("Scores"));
  if (ctx.HasInput("RoisNum")) {
    return ctx.UnsupportedError(
        "input 'RoisNum' (per-image box counts with 2-D Scores) is not supported; only "
        "batched BBoxes [N, M, 4] with Scores [N, C, M]");
  }
  ir::MulticlassNmsAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.score_threshold, ctx.Float("score_threshold"));
  OAR_ASSIGN_OR_RETURN(attrs.nms_top_k, ctx.Int("nms_top_k"));
  OAR_ASSIGN_OR_RETURN(attrs.keep_top_k, ctx.Int("keep_top_k"));
  OAR_ASSIGN_OR_RETURN(attrs.nms_threshold, ctx.Float("nms_threshold", 0.3f));
  OAR_ASSIGN_OR_RETURN(attrs.normalized, ctx.Bool("normalized", true));
  OAR_ASSIGN_OR_RETURN(attrs.nms_eta, ctx.Float("nms_eta", 1.0f));
  OAR_ASSIGN_OR_RETURN(attrs.background_label, ctx.Int("background_label", 0));
  OAR_ASSIGN_OR_RETURN(ir::ValueId out, ctx.Output("Out"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId index, ctx.OutputOrTemp("Index", "index"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId rois_num, ctx.OutputOrTemp("NmsRoisNum", "rois_num"));
  ctx.AddNode(ir::OpKind::kMulticlassNms, {boxes, scores}, {out, index, rois_num}, attrs);
  return Status::OK();
}

}  // namespace

void RegisterMulticlassNms3Converter(ConverterRegistry& registry) {
  registry.Register("multiclass_nms3", ConvertMulticlassNms3);
}

}  // namespace oar::frontends::paddle
