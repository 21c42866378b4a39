// Paddle `swish`: Out = X * sigmoid(beta * X) (beta default 1) -> Swish.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertSwish(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(float beta, ctx.Float("beta", 1.0f));
  return ConvertUnary(ctx, ir::OpKind::kSwish, ir::SwishAttrs{beta});
}

}  // namespace

void RegisterSwishConverter(ConverterRegistry& registry) { registry.Register("swish", ConvertSwish); }

}  // namespace oar::frontends::paddle
