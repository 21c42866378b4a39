// Paddle `matmul` (v1): Out = alpha * op(X) @ op(Y), op = transpose of the last two dims when
// transpose_X / transpose_Y, numpy batch broadcasting -> MatMul. The oneDNN-fused variants
// (fused_reshape_*, fused_transpose_*, head_number > 1) are kUnsupported.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertMatmul(ConverterContext& ctx) {
  for (const char* name : {"fused_reshape_X", "fused_reshape_Y", "fused_reshape_Out", "fused_transpose_X",
                           "fused_transpose_Y", "fused_transpose_Out"}) {
    OAR_ASSIGN_OR_RETURN(std::vector<int64_t> v, ctx.Ints(name, {}));
    if (!v.empty()) return ctx.UnsupportedAttr(name, IntsToString(v), "only empty (oneDNN fusions are not supported)");
  }
  OAR_ASSIGN_OR_RETURN(int64_t heads, ctx.Int("head_number", 1));
  if (heads != 1) return ctx.UnsupportedAttr("head_number", std::to_string(heads), "only 1");
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId y, ctx.Input("Y"));
  ir::MatMulAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.transpose_a, ctx.Bool("transpose_X", false));
  OAR_ASSIGN_OR_RETURN(attrs.transpose_b, ctx.Bool("transpose_Y", false));
  OAR_ASSIGN_OR_RETURN(attrs.alpha, ctx.Float("alpha", 1.0f));
  // Two vectors give a scalar: [] in the IR, [1] in Paddle programs that say so.
  int ir_rank = KnownRank(ctx, x) == 1 && KnownRank(ctx, y) == 1 ? 0 : -1;
  return EmitKeepingVarDescRank(ctx, ir::OpKind::kMatMul, {x, y}, attrs, ir_rank);
}

}  // namespace

void RegisterMatmulConverter(ConverterRegistry& registry) { registry.Register("matmul", ConvertMatmul); }

}  // namespace oar::frontends::paddle
