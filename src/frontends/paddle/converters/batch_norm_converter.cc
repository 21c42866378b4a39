// Paddle `batch_norm` (inference): Y = (X - Mean) / sqrt(Variance + epsilon) * Scale + Bias over
// channel axis 1 -> BatchNorm. Only Y is produced; MeanOut/VarianceOut/Saved* are training outputs.
// is_test / use_global_stats do not matter here: an inference program always uses the stored stats.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertBatchNorm(ConverterContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireNchw(ctx, "data_layout"));
  OAR_ASSIGN_OR_RETURN(bool fuse_relu, ctx.Bool("fuse_with_relu", false));
  if (fuse_relu) return ctx.UnsupportedAttr("fuse_with_relu", "true", "fused oneDNN batch_norm is not supported");
  ctx.IgnoreAttrs({"momentum", "use_global_stats", "trainable_statistics"});
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId scale, ctx.Input("Scale"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId bias, ctx.Input("Bias"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId mean, ctx.Input("Mean"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId variance, ctx.Input("Variance"));
  ir::BatchNormAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.epsilon, ctx.Float("epsilon", 1e-5f));
  return ctx.Emit(ir::OpKind::kBatchNorm, {x, scale, bias, mean, variance}, attrs, "Y");
}

}  // namespace

void RegisterBatchNormConverter(ConverterRegistry& registry) { registry.Register("batch_norm", ConvertBatchNorm); }

}  // namespace oar::frontends::paddle
