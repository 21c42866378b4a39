// Paddle `hard_sigmoid`: Out = clip(slope * X + offset, 0, 1) (defaults 0.2, 0.5) -> HardSigmoid.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertHardSigmoid(ConverterContext& ctx) {
  ir::HardSigmoidAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.slope, ctx.Float("slope", 0.2f));
  OAR_ASSIGN_OR_RETURN(attrs.offset, ctx.Float("offset", 0.5f));
  return ConvertUnary(ctx, ir::OpKind::kHardSigmoid, attrs);
}

}  // namespace

void RegisterHardSigmoidConverter(ConverterRegistry& registry) {
  registry.Register("hard_sigmoid", ConvertHardSigmoid);
}

}  // namespace oar::frontends::paddle
