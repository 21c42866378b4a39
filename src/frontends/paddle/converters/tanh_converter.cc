// Paddle `tanh` -> Tanh.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertTanh(ConverterContext& ctx) { return ConvertUnary(ctx, ir::OpKind::kTanh); }

}  // namespace

void RegisterTanhConverter(ConverterRegistry& registry) { registry.Register("tanh", ConvertTanh); }

}  // namespace oar::frontends::paddle
