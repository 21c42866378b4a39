// Paddle `elementwise_mul`: Out = X * Y with Paddle's `axis` broadcasting (see ConvertElementwise)
// -> Mul.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertElementwiseMul(ConverterContext& ctx) { return ConvertElementwise(ctx, ir::OpKind::kMul); }

}  // namespace

void RegisterElementwiseMulConverter(ConverterRegistry& registry) {
  registry.Register("elementwise_mul", ConvertElementwiseMul);
}

}  // namespace oar::frontends::paddle
