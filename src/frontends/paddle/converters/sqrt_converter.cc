// Paddle `sqrt` -> Sqrt.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertSqrt(ConverterContext& ctx) { return ConvertUnary(ctx, ir::OpKind::kSqrt); }

}  // namespace

void RegisterSqrtConverter(ConverterRegistry& registry) { registry.Register("sqrt", ConvertSqrt); }

}  // namespace oar::frontends::paddle
