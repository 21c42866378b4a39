// Paddle `concat`: X[0..n) joined along `axis` (negative counts from the end) -> Concat. An AxisTensor
// input must be a constant (it is folded into the axis).
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertConcat(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(std::vector<ir::ValueId> xs, ctx.InputList("X"));
  if (xs.empty()) return ctx.Error("input slot 'X' lists no variables");
  OAR_ASSIGN_OR_RETURN(int64_t axis, ctx.Int("axis", 0));
  OAR_ASSIGN_OR_RETURN(ir::ValueId axis_tensor, ctx.OptionalInput("AxisTensor"));
  if (axis_tensor != ir::kNoValue) {
    const Tensor* c = ctx.ConstantOf(axis_tensor);
    if (!c || c->numel() != 1) {
      return ctx.UnsupportedError(
          "input 'AxisTensor' must be a constant holding one value (a run-time axis is not "
          "supported)");
    }
    axis = c->GetInt(0);
  }
  if (axis < 0) {
    OAR_ASSIGN_OR_RETURN(int rank, ctx.Rank(xs[0]));
    OAR_ASSIGN_OR_RETURN(axis, NormalizeAxisAttr(ctx, axis, rank, "axis"));
  }
  return ctx.Emit(ir::OpKind::kConcat, xs, ir::AxisAttrs{axis});
}

}  // namespace

void RegisterConcatConverter(ConverterRegistry& registry) { registry.Register("concat", ConvertConcat); }

}  // namespace oar::frontends::paddle
