// Paddle `elementwise_max`: Out = max(X, Y) with Paddle's `axis` broadcasting (see ConvertElementwise)
// -> Max.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertElementwiseMax(ConverterContext& ctx) { return ConvertElementwise(ctx, ir::OpKind::kMax); }

}  // namespace

void RegisterElementwiseMaxConverter(ConverterRegistry& registry) {
  registry.Register("elementwise_max", ConvertElementwiseMax);
}

}  // namespace oar::frontends::paddle
