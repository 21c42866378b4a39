// Paddle `sum`: Out = X[0] + X[1] + ... (n-ary, broadcasting) -> Sum (Identity for one input).
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertSum(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(std::vector<ir::ValueId> xs, ctx.InputList("X"));
  if (xs.empty()) return ctx.Error("input slot 'X' lists no variables");
  if (xs.size() == 1) return ctx.Emit(ir::OpKind::kIdentity, xs);
  return ctx.Emit(ir::OpKind::kSum, xs);
}

}  // namespace

void RegisterSumConverter(ConverterRegistry& registry) { registry.Register("sum", ConvertSum); }

}  // namespace oar::frontends::paddle
