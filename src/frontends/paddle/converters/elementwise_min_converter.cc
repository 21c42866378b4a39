// Paddle `elementwise_min`: Out = min(X, Y) with Paddle's `axis` broadcasting (see ConvertElementwise)
// -> Min.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertElementwiseMin(ConverterContext& ctx) { return ConvertElementwise(ctx, ir::OpKind::kMin); }

}  // namespace

void RegisterElementwiseMinConverter(ConverterRegistry& registry) {
  registry.Register("elementwise_min", ConvertElementwiseMin);
}

}  // namespace oar::frontends::paddle
