// Paddle `gelu`: exact erf form, or the tanh approximation when `approximate` -> Gelu.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertGelu(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(bool approximate, ctx.Bool("approximate", false));
  return ConvertUnary(ctx, ir::OpKind::kGelu, ir::GeluAttrs{approximate});
}

}  // namespace

void RegisterGeluConverter(ConverterRegistry& registry) { registry.Register("gelu", ConvertGelu); }

}  // namespace oar::frontends::paddle
