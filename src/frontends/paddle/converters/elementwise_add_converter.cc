// Paddle `elementwise_add`: Out = X + Y with Paddle's `axis` broadcasting (see ConvertElementwise)
// -> Add.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertElementwiseAdd(ConverterContext& ctx) { return ConvertElementwise(ctx, ir::OpKind::kAdd); }

}  // namespace

void RegisterElementwiseAddConverter(ConverterRegistry& registry) {
  registry.Register("elementwise_add", ConvertElementwiseAdd);
}

}  // namespace oar::frontends::paddle
