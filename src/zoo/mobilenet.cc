// MobileNet v1, width 1.0, 224x224 (Howard et al. 2017, Table 1; paddle.vision.models.MobileNetV1
// has the same layers): 3x3/2 conv to 32 channels + BN + ReLU, then 13 depthwise-separable
// blocks (3x3 depthwise conv + BN + ReLU, 1x1 conv + BN + ReLU), global average pool, flatten,
// one linear layer.
#include "zoo/networks.h"

namespace oar::zoo {
namespace {

constexpr double kClassifierScale = 3.4;

}  // namespace

int BuildMobileNetV1(ZooBuilder& b, int num_classes) {
  struct Block {
    int64_t out_channels;
    int stride;
  };
  const Block blocks[] = {{64, 1},  {128, 2}, {128, 1}, {256, 2}, {256, 1},  {512, 2}, {512, 1},
                          {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
  int x = b.ConvBnRelu(b.input(), 32, 3, 2, 1);
  for (const Block& blk : blocks) {
    int64_t c = b.channels(x);
    x = b.ConvBnRelu(x, c, 3, blk.stride, 1, static_cast<int>(c));  // depthwise
    x = b.ConvBnRelu(x, blk.out_channels, 1);                       // pointwise
  }
  x = b.Flatten(b.AdaptiveAvgPool(x, 1));
  return b.Softmax(b.Linear(x, num_classes, kClassifierScale));
}

}  // namespace oar::zoo
