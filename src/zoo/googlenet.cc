// GoogLeNet (Inception v1) in torchvision's layout (torchvision/models/googlenet.py) with
// aux_logits=False and transform_input=False. BasicConv2d = conv (no bias) + BN (eps 1e-3) +
// ReLU. Inception branches: 1x1 | 1x1 -> 3x3 | 1x1 -> 3x3 (torchvision's "5x5" branch uses a
// 3x3 kernel) | 3x3/1 max pool (pad 1, ceil mode) -> 1x1; concatenated on channels. Max pools
// between stages are 3x3/2 (2x2/2 before 5a) with ceil mode. Then adaptive average pool to 1x1,
// flatten, dropout 0.2, linear.
#include "zoo/networks.h"

namespace oar::zoo {
namespace {

constexpr float kBnEpsilon = 1e-3f;
constexpr double kClassifierScale = 2.9;
// Without residual paths the max pools (a max of up to 9 positive values) raise the second
// moment at every inception block; batch-norm scales a little below 1 cancel that growth.
constexpr double kBnGamma = 0.9;

int BasicConv(ZooBuilder& b, int x, int64_t out_channels, int kernel, int stride = 1, int pad = 0) {
  return b.Relu(b.BatchNorm(b.Conv(x, out_channels, kernel, stride, pad), kBnEpsilon, kBnGamma));
}

int Inception(ZooBuilder& b, int x, int64_t ch1x1, int64_t ch3x3red, int64_t ch3x3, int64_t ch5x5red, int64_t ch5x5,
              int64_t pool_proj) {
  int b1 = BasicConv(b, x, ch1x1, 1);
  int b2 = BasicConv(b, BasicConv(b, x, ch3x3red, 1), ch3x3, 3, 1, 1);
  int b3 = BasicConv(b, BasicConv(b, x, ch5x5red, 1), ch5x5, 3, 1, 1);
  int b4 = BasicConv(b, b.MaxPool(x, 3, 1, 1, true), pool_proj, 1);
  return b.Concat({b1, b2, b3, b4});
}

}  // namespace

int BuildGoogLeNet(ZooBuilder& b, int num_classes) {
  int x = BasicConv(b, b.input(), 64, 7, 2, 3);
  x = b.MaxPool(x, 3, 2, 0, true);
  x = BasicConv(b, x, 64, 1);
  x = BasicConv(b, x, 192, 3, 1, 1);
  x = b.MaxPool(x, 3, 2, 0, true);
  x = Inception(b, x, 64, 96, 128, 16, 32, 32);    // 3a
  x = Inception(b, x, 128, 128, 192, 32, 96, 64);  // 3b
  x = b.MaxPool(x, 3, 2, 0, true);
  x = Inception(b, x, 192, 96, 208, 16, 48, 64);     // 4a
  x = Inception(b, x, 160, 112, 224, 24, 64, 64);    // 4b
  x = Inception(b, x, 128, 128, 256, 24, 64, 64);    // 4c
  x = Inception(b, x, 112, 144, 288, 32, 64, 64);    // 4d
  x = Inception(b, x, 256, 160, 320, 32, 128, 128);  // 4e
  x = b.MaxPool(x, 2, 2, 0, true);
  x = Inception(b, x, 256, 160, 320, 32, 128, 128);  // 5a
  x = Inception(b, x, 384, 192, 384, 48, 128, 128);  // 5b
  x = b.Dropout(b.Flatten(b.AdaptiveAvgPool(x, 1)), 0.2f);
  return b.Softmax(b.Linear(x, num_classes, kClassifierScale));
}

}  // namespace oar::zoo
