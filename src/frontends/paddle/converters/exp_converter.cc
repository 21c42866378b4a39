// Paddle `exp` -> Exp.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertExp(ConverterContext& ctx) { return ConvertUnary(ctx, ir::OpKind::kExp); }

}  // namespace

void RegisterExpConverter(ConverterRegistry& registry) { registry.Register("exp", ConvertExp); }

}  // namespace oar::frontends::paddle
