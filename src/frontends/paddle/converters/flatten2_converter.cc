// Paddle `flatten2` (and the older `flatten`, same semantics without XShape): Out is X as 2-D
// [prod(dims[:axis]), prod(dims[axis:])] (axis default 1; axis 0 gives [1, n], axis == rank gives
// [n, 1]) -> one or two Flatten nodes (plus Unsqueeze for the edge axes).
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertFlatten2(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(int64_t axis, ctx.Int("axis", 1));
  OAR_ASSIGN_OR_RETURN(int rank, ctx.Rank(x));
  if (axis < 0 || axis > rank) {
    return ctx.Error("attribute 'axis' = " + std::to_string(axis) + " must be in [0, " + std::to_string(rank) + "]");
  }
  if (axis == 0 || axis == rank) {
    ir::ValueId all = ctx.AddTemp(ir::OpKind::kFlatten, {x}, ir::FlattenAttrs{0, -1}, "flat");
    return ctx.Emit(ir::OpKind::kUnsqueeze, {all}, ir::AxesAttrs{{axis == 0 ? 0 : 1}});
  }
  if (axis == 1) return ctx.Emit(ir::OpKind::kFlatten, {x}, ir::FlattenAttrs{1, -1});
  if (axis == rank - 1) return ctx.Emit(ir::OpKind::kFlatten, {x}, ir::FlattenAttrs{0, axis - 1});
  ir::ValueId rows = ctx.AddTemp(ir::OpKind::kFlatten, {x}, ir::FlattenAttrs{0, axis - 1}, "rows");
  return ctx.Emit(ir::OpKind::kFlatten, {rows}, ir::FlattenAttrs{1, -1});
}

}  // namespace

void RegisterFlatten2Converter(ConverterRegistry& registry) {
  registry.Register("flatten2", ConvertFlatten2);
  registry.Register("flatten", ConvertFlatten2);
}

}  // namespace oar::frontends::paddle
