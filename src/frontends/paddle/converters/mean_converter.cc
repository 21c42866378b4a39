// Paddle `mean`: the mean of all elements of X -> ReduceMean over every axis. Paddle before 2.5 gave
// shape [1], newer versions []: the output follows the rank its VarDesc declares ([] when none).
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertMean(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  ir::ReduceAttrs attrs;
  attrs.reduce_all = true;
  attrs.keepdims = false;
  return EmitKeepingVarDescRank(ctx, ir::OpKind::kReduceMean, {x}, attrs, /*ir_rank=*/0);
}

}  // namespace

void RegisterMeanConverter(ConverterRegistry& registry) { registry.Register("mean", ConvertMean); }

}  // namespace oar::frontends::paddle
