// Paddle `cast`: Out = X converted to `out_dtype` (a Paddle VarType code: 5 FP32, 2 INT32, ...) -> Cast.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertCast(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(int64_t out_code, ctx.Int("out_dtype"));
  ctx.IgnoreAttrs({"in_dtype"});  // the input's dtype is known from the graph
  OAR_ASSIGN_OR_RETURN(DType to, PaddleDTypeAttr(ctx, out_code, "out_dtype"));
  return ConvertUnary(ctx, ir::OpKind::kCast, ir::CastAttrs{to});
}

}  // namespace

void RegisterCastConverter(ConverterRegistry& registry) { registry.Register("cast", ConvertCast); }

}  // namespace oar::frontends::paddle
