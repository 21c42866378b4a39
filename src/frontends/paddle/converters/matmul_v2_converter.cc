// Paddle `matmul_v2`: Out = op(X) @ op(Y), op = transpose of the last two dims when trans_x /
// trans_y, numpy semantics (rank-1 operands promoted, batch dims broadcast) -> MatMul.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertMatmulV2(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId y, ctx.Input("Y"));
  ir::MatMulAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.transpose_a, ctx.Bool("trans_x", false));
  OAR_ASSIGN_OR_RETURN(attrs.transpose_b, ctx.Bool("trans_y", false));
  int ir_rank = KnownRank(ctx, x) == 1 && KnownRank(ctx, y) == 1 ? 0 : -1;
  return EmitKeepingVarDescRank(ctx, ir::OpKind::kMatMul, {x, y}, attrs, ir_rank);
}

}  // namespace

void RegisterMatmulV2Converter(ConverterRegistry& registry) { registry.Register("matmul_v2", ConvertMatmulV2); }

}  // namespace oar::frontends::paddle
