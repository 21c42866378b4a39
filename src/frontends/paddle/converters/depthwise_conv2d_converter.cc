// Paddle `depthwise_conv2d` -> Conv2d (see ConvertConvolution for slots, padding order and limits).
#include "frontends/paddle/converters/conv_common.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

void RegisterDepthwiseConv2dConverter(ConverterRegistry& registry) {
  registry.Register("depthwise_conv2d", ConvertConvolution);
}

}  // namespace oar::frontends::paddle
