// Paddle `hard_swish`: Out = X * clip(X + offset, 0, threshold) / scale (defaults 6, 6, 3) -> HardSwish.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertHardSwish(ConverterContext& ctx) {
  ir::HardSwishAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.threshold, ctx.Float("threshold", 6.0f));
  OAR_ASSIGN_OR_RETURN(attrs.scale, ctx.Float("scale", 6.0f));
  OAR_ASSIGN_OR_RETURN(attrs.offset, ctx.Float("offset", 3.0f));
  if (attrs.scale == 0.0f) return ctx.Error("attribute 'scale' must not be 0");
  return ConvertUnary(ctx, ir::OpKind::kHardSwish, attrs);
}

}  // namespace

void RegisterHardSwishConverter(ConverterRegistry& registry) { registry.Register("hard_swish", ConvertHardSwish); }

}  // namespace oar::frontends::paddle
