// Paddle `sigmoid`: Out = 1 / (1 + exp(-X)) -> Sigmoid.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertSigmoid(ConverterContext& ctx) { return ConvertUnary(ctx, ir::OpKind::kSigmoid); }

}  // namespace

void RegisterSigmoidConverter(ConverterRegistry& registry) { registry.Register("sigmoid", ConvertSigmoid); }

}  // namespace oar::frontends::paddle
