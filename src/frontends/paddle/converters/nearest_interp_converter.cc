// Paddle `nearest_interp` -> Resize (see ConvertInterpolate for the size rules and defaults).
#include "frontends/paddle/converters/converters.h"
#include "frontends/paddle/converters/interp_common.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertNearestInterp(ConverterContext& ctx) { return ConvertInterpolate(ctx, /*v2=*/false); }

}  // namespace

void RegisterNearestInterpConverter(ConverterRegistry& registry) {
  registry.Register("nearest_interp", ConvertNearestInterp);
}

}  // namespace oar::frontends::paddle
