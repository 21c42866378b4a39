// Paddle `elementwise_pow`: Out = X ^ Y with Paddle's `axis` broadcasting (see ConvertElementwise)
// -> Pow.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertElementwisePow(ConverterContext& ctx) { return ConvertElementwise(ctx, ir::OpKind::kPow); }

}  // namespace

void RegisterElementwisePowConverter(ConverterRegistry& registry) {
  registry.Register("elementwise_pow", ConvertElementwisePow);
}

}  // namespace oar::frontends::paddle
