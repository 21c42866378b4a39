// The conversion shared by Paddle's 2-D convolutions (conv2d, depthwise_conv2d): same slots
// (Input, Filter, optional Bias) and attributes; depthwise is conv2d with groups == channels.
#pragma once

#include "frontends/paddle/converter_context.h"

namespace oar::frontends::paddle {

/// Input, Filter, [Bias] -> Output through one Conv2d node. Paddle paddings are [pad_h, pad_w] or
/// [top, bottom, left, right]; the IR wants {top, left, bottom, right}. Fused oneDNN variants
/// (fuse_relu, fuse_activation, ResidualData, ...) and non-NCHW layouts are kUnsupported.
Status ConvertConvolution(ConverterContext& ctx);

}  // namespace oar::frontends::paddle
