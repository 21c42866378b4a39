// Paddle `stack`: X[0..n) (same shapes) stacked along a new axis `axis` (negative counts from the
// end of the output rank) -> Stack. The output slot is Y.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertStack(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(std::vector<ir::ValueId> xs, ctx.InputList("X"));
  if (xs.empty()) return ctx.Error("input slot 'X' lists no variables");
  OAR_ASSIGN_OR_RETURN(int64_t axis, ctx.Int("axis", 0));
  if (axis < 0) {
    OAR_ASSIGN_OR_RETURN(int rank, ctx.Rank(xs[0]));
    OAR_ASSIGN_OR_RETURN(axis, NormalizeAxisAttr(ctx, axis, rank + 1, "axis"));
  }
  return ctx.Emit(ir::OpKind::kStack, xs, ir::AxisAttrs{axis}, "Y");
}

}  // namespace

void RegisterStackConverter(ConverterRegistry& registry) { registry.Register("stack", ConvertStack); }

}  // namespace oar::frontends::paddle
