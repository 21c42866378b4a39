// Paddle `arg_max`: index of the first maximum along `axis` (or over the flattened X when `flatten`),
// keepdims, output `dtype` INT64 (3, default; -1 also means INT64) or INT32 (2) -> ArgMax.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertArgMax(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  ir::ArgMaxAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.axis, ctx.Int("axis", -1));
  OAR_ASSIGN_OR_RETURN(attrs.keepdims, ctx.Bool("keepdims", false));
  OAR_ASSIGN_OR_RETURN(attrs.flatten, ctx.Bool("flatten", false));
  OAR_ASSIGN_OR_RETURN(int64_t code, ctx.Int("dtype", 3));
  if (code == -1 || code == 3) {
    attrs.out_dtype = DType::kInt64;
  } else if (code == 2) {
    attrs.out_dtype = DType::kInt32;
  } else {
    return ctx.UnsupportedAttr("dtype", std::to_string(code), "INT64 (3) or INT32 (2)");
  }
  const int rank = KnownRank(ctx, x);
  if (rank >= 0 && !attrs.flatten) {
    OAR_ASSIGN_OR_RETURN(attrs.axis, NormalizeAxisAttr(ctx, attrs.axis, rank, "axis"));
  }
  const int ir_rank = attrs.flatten ? 1 : (rank < 0 ? -1 : (attrs.keepdims ? rank : rank - 1));
  return EmitKeepingVarDescRank(ctx, ir::OpKind::kArgMax, {x}, attrs, ir_rank);
}

}  // namespace

void RegisterArgMaxConverter(ConverterRegistry& registry) { registry.Register("arg_max", ConvertArgMax); }

}  // namespace oar::frontends::paddle
