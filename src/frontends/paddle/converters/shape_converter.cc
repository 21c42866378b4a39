// Paddle `shape`: Out = the dims of Input as a 1-D INT32 tensor -> Shape (i64) + Cast to i32 (to the
// output VarDesc's integer type when it says otherwise).
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertShape(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("Input"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId out, ctx.Output("Out"));
  DType want = ctx.value(out).dtype == DType::kInt64 ? DType::kInt64 : DType::kInt32;
  if (want == DType::kInt64) {
    ctx.AddNode(ir::OpKind::kShape, {x}, {out});
    return Status::OK();
  }
  const int rank = KnownRank(ctx, x);
  ir::ValueId dims = rank < 0
                         ? ctx.AddTemp(ir::OpKind::kShape, {x}, ir::NoAttrs{}, "i64")
                         : ctx.AddTemp(ir::OpKind::kShape, {x}, ir::NoAttrs{}, "i64", DType::kInt64, Shape({rank}));
  ctx.AddNode(ir::OpKind::kCast, {dims}, {out}, ir::CastAttrs{DType::kInt32});
  return Status::OK();
}

}  // namespace

void RegisterShapeConverter(ConverterRegistry& registry) { registry.Register("shape", ConvertShape); }

}  // namespace oar::frontends::paddle
