// Paddle `bilinear_interp_v2` -> Resize (see ConvertInterpolate for the size rules and defaults).
#include "frontends/paddle/converters/converters.h"
#include "frontends/paddle/converters/interp_common.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertBilinearInterpV2(ConverterContext& ctx) { return ConvertInterpolate(ctx, /*v2=*/true); }

}  // namespace

void RegisterBilinearInterpV2Converter(ConverterRegistry& registry) {
  registry.Register("bilinear_interp_v2", ConvertBilinearInterpV2);
}

}  // namespace oar::frontends::paddle
