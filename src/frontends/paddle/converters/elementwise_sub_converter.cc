// Paddle `elementwise_sub`: Out = X - Y with Paddle's `axis` broadcasting (see ConvertElementwise)
// -> Sub.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertElementwiseSub(ConverterContext& ctx) { return ConvertElementwise(ctx, ir::OpKind::kSub); }

}  // namespace

void RegisterElementwiseSubConverter(ConverterRegistry& registry) {
  registry.Register("elementwise_sub", ConvertElementwiseSub);
}

}  // namespace oar::frontends::paddle
