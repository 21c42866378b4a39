#include "frontends/paddle/converters/reduce_common.h"

#include <algorithm>

#include "frontends/paddle/converters/converter_utils.h"

namespace oar::frontends::paddle {

Status ConvertReduce(ConverterContext& ctx, ir::OpKind kind) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  ir::ReduceAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.axes, ctx.Ints("dim", {0}));
  OAR_ASSIGN_OR_RETURN(attrs.keepdims, ctx.Bool("keep_dim", false));
  OAR_ASSIGN_OR_RETURN(attrs.reduce_all, ctx.Bool("reduce_all", false));
  OAR_ASSIGN_OR_RETURN(int64_t in_code, ctx.Int("in_dtype", -1));
  OAR_ASSIGN_OR_RETURN(int64_t out_code, ctx.Int("out_dtype", -1));
  if (in_code != -1) return ctx.UnsupportedAttr("in_dtype", std::to_string(in_code), "only -1");
  const int rank = KnownRank(ctx, x);
  if (rank >= 0) {
    OAR_RETURN_IF_ERROR(NormalizeAxesAttr(ctx, &attrs.axes, rank, "dim"));
    std::sort(attrs.axes.begin(), attrs.axes.end());
    attrs.axes.erase(std::unique(attrs.axes.begin(), attrs.axes.end()), attrs.axes.end());
    if (static_cast<int>(attrs.axes.size()) == rank) attrs.reduce_all = true;
  }
  if (attrs.reduce_all) attrs.axes.clear();
  int ir_rank = -1;
  if (attrs.keepdims) {
    ir_rank = rank;
  } else if (attrs.reduce_all) {
    ir_rank = 0;
  } else if (rank >= 0) {
    ir_rank = rank - static_cast<int>(attrs.axes.size());
  }
  if (out_code == -1) return EmitKeepingVarDescRank(ctx, kind, {x}, attrs, ir_rank);
  OAR_ASSIGN_OR_RETURN(DType out_dtype, PaddleDTypeAttr(ctx, out_code, "out_dtype"));
  std::vector<int64_t> declared;
  ir::ValueId reduced = ctx.AddTemp(kind, {x}, attrs, "reduced");
  if (ir_rank == 0 && ctx.OutputVarDims("Out", &declared) && declared.size() == 1) {
    reduced = ctx.AddTemp(ir::OpKind::kReshape, {reduced}, ir::ReshapeAttrs{{1}}, "rank1");
  }
  return ctx.Emit(ir::OpKind::kCast, {reduced}, ir::CastAttrs{out_dtype});
}

}  // namespace oar::frontends::paddle
