// Paddle `relu`: Out = max(X, 0) -> Relu.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertRelu(ConverterContext& ctx) { return ConvertUnary(ctx, ir::OpKind::kRelu); }

}  // namespace

void RegisterReluConverter(ConverterRegistry& registry) { registry.Register("relu", ConvertRelu); }

}  // namespace oar::frontends::paddle
