// Paddle `nearest_interp_v2` -> Resize (see ConvertInterpolate for the size rules and defaults).
#include "frontends/paddle/converters/converters.h"
#include "frontends/paddle/converters/interp_common.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertNearestInterpV2(ConverterContext& ctx) { return ConvertInterpolate(ctx, /*v2=*/true); }

}  // namespace

void RegisterNearestInterpV2Converter(ConverterRegistry& registry) {
  registry.Register("nearest_interp_v2", ConvertNearestInterpV2);
}

}  // namespace oar::frontends::paddle
