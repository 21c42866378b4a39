// Paddle `layer_norm`: Y = (X - mean) / sqrt(var + epsilon) * Scale + Bias, statistics over dims
// [begin_norm_axis, rank) (default 1); Scale/Bias are 1-D with prod(those dims) elements -> LayerNorm.
// Mean/Variance are training outputs.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertLayerNorm(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId scale, ctx.OptionalInput("Scale"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId bias, ctx.OptionalInput("Bias"));
  ir::LayerNormAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.begin_norm_axis, ctx.Int("begin_norm_axis", 1));
  OAR_ASSIGN_OR_RETURN(attrs.epsilon, ctx.Float("epsilon", 1e-5f));
  const int rank = KnownRank(ctx, x);
  if (rank >= 0 && (attrs.begin_norm_axis < 0 || attrs.begin_norm_axis >= rank)) {
    return ctx.Error("attribute 'begin_norm_axis' = " + std::to_string(attrs.begin_norm_axis) + " must be in [0, " +
                     std::to_string(rank) + ")");
  }
  std::vector<ir::ValueId> inputs = {x};
  if (scale != ir::kNoValue || bias != ir::kNoValue) inputs.push_back(scale);
  if (bias != ir::kNoValue) inputs.push_back(bias);
  return ctx.Emit(ir::OpKind::kLayerNorm, inputs, attrs, "Y");
}

}  // namespace

void RegisterLayerNormConverter(ConverterRegistry& registry) { registry.Register("layer_norm", ConvertLayerNorm); }

}  // namespace oar::frontends::paddle
