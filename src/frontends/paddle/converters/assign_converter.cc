// Paddle `assign`: Out = X -> Identity.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertAssign(ConverterContext& ctx) { return ConvertUnary(ctx, ir::OpKind::kIdentity); }

}  // namespace

void RegisterAssignConverter(ConverterRegistry& registry) { registry.Register("assign", ConvertAssign); }

}  // namespace oar::frontends::paddle
