// Paddle `elementwise_div`: Out = X / Y with Paddle's `axis` broadcasting (see ConvertElementwise)
// -> Div.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertElementwiseDiv(ConverterContext& ctx) { return ConvertElementwise(ctx, ir::OpKind::kDiv); }

}  // namespace

void RegisterElementwiseDivConverter(ConverterRegistry& registry) {
  registry.Register("elementwise_div", ConvertElementwiseDiv);
}

}  // namespace oar::frontends::paddle
