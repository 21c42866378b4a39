// The conversion shared by Paddle's 2-D resize ops: nearest_interp, bilinear_interp (v1) and
// nearest_interp_v2, bilinear_interp_v2.
#pragma once

#include "frontends/paddle/converter_context.h"

namespace oar::frontends::paddle {

/// X, [OutSize], [SizeTensor...], [Scale] -> Out through one Resize node. `interp_method` picks
/// nearest/bilinear (others are kUnsupported); align_corners defaults to true, align_mode to 1, as
/// in Paddle. The output size follows Paddle's order: SizeTensor, else OutSize over a size derived
/// from the scale (Scale tensor, else the `scale` attribute), else out_h/out_w. Constant inputs are
/// folded into the attributes.
/// Known difference: v1 ops compute their source coordinates from in/out sizes even when a scale
/// gave the size; the IR uses 1/scale then, so results differ when in * scale is not an integer.
Status ConvertInterpolate(ConverterContext& ctx, bool v2);

}  // namespace oar::frontends::paddle
