// Paddle `leaky_relu`: Out = X >= 0 ? X : alpha * X (alpha default 0.02) -> LeakyRelu.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertLeakyRelu(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(float alpha, ctx.Float("alpha", 0.02f));
  return ConvertUnary(ctx, ir::OpKind::kLeakyRelu, ir::LeakyReluAttrs{alpha});
}

}  // namespace

void RegisterLeakyReluConverter(ConverterRegistry& registry) { registry.Register("leaky_relu", ConvertLeakyRelu); }

}  // namespace oar::frontends::paddle
