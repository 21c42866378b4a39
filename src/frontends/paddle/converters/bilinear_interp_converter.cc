// Paddle `bilinear_interp` -> Resize (see ConvertInterpolate for the size rules and defaults).
#include "frontends/paddle/converters/converters.h"
#include "frontends/paddle/converters/interp_common.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertBilinearInterp(ConverterContext& ctx) { return ConvertInterpolate(ctx, /*v2=*/false); }

}  // namespace

void RegisterBilinearInterpConverter(ConverterRegistry& registry) {
  registry.Register("bilinear_interp", ConvertBilinearInterp);
}

}  // namespace oar::frontends::paddle
