// Paddle `squeeze2` (and the older `squeeze`): removes the listed size-1 axes (negative from the
// end; none listed = every size-1 axis; a listed axis whose size is not 1 stays) -> Squeeze.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertSqueeze2(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  ir::AxesAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.axes, ctx.Ints("axes", {}));
  for (int64_t& a : attrs.axes) {
    if (a >= 0) continue;
    OAR_ASSIGN_OR_RETURN(int rank, ctx.Rank(x));
    OAR_ASSIGN_OR_RETURN(a, NormalizeAxisAttr(ctx, a, rank, "axes"));
  }
  return ctx.Emit(ir::OpKind::kSqueeze, {x}, attrs);
}

}  // namespace

void RegisterSqueeze2Converter(ConverterRegistry& registry) {
  registry.Register("squeeze2", ConvertSqueeze2);
  registry.Register("squeeze", ConvertSqueeze2);
}

}  // namespace oar::frontends::paddle
