// ResNet-50 v1.5 and ResNeXt-50 32x4d in torchvision's layout (torchvision/models/resnet.py):
// 7x7/2 stem conv + BN + ReLU, 3x3/2 max pool (pad 1), four stages of [3, 4, 6, 3] bottlenecks
// (1x1 -> 3x3 with the stage stride and the groups -> 1x1 expanding 4x, BN after each conv,
// a 1x1/stride conv + BN on the shortcut when the shape changes), adaptive average pool to 1x1,
// flatten and one linear layer. Bottleneck width = planes * width_per_group / 64 * groups.
#include "zoo/networks.h"

namespace oar::zoo {
namespace {

int Bottleneck(ZooBuilder& b, int x, int64_t planes, int stride, const BottleneckConfig& cfg) {
  int64_t width = planes * cfg.width_per_group / 64 * cfg.groups;
  int64_t out_channels = planes * 4;
  int y = b.ConvBnRelu(x, width, 1);
  y = b.ConvBnRelu(y, width, 3, stride, 1, cfg.groups);
  y = b.BatchNorm(b.Conv(y, out_channels, 1), 1e-5f, kResidualBranchGamma);
  if (cfg.squeeze_excitation) y = SqueezeExcitation(b, y, 16);
  int shortcut = x;
  if (stride != 1 || b.channels(x) != out_channels) shortcut = b.BatchNorm(b.Conv(x, out_channels, 1, stride));
  return b.Relu(b.Add(y, shortcut));
}

}  // namespace

int BuildBottleneckResNet(ZooBuilder& b, const BottleneckConfig& config, int num_classes) {
  int x = b.ConvBnRelu(b.input(), 64, 7, 2, 3);
  x = b.MaxPool(x, 3, 2, 1);
  const int blocks[4] = {3, 4, 6, 3};
  for (int stage = 0; stage < 4; ++stage) {
    int64_t planes = int64_t{64} << stage;
    for (int i = 0; i < blocks[stage]; ++i) {
      x = Bottleneck(b, x, planes, (i == 0 && stage > 0) ? 2 : 1, config);
    }
  }
  x = b.Flatten(b.AdaptiveAvgPool(x, 1));
  return b.Softmax(b.Linear(x, num_classes, config.classifier_scale));
}

int BuildResNet50(ZooBuilder& b, int num_classes) {
  BottleneckConfig config;
  config.classifier_scale = 1.2;
  return BuildBottleneckResNet(b, config, num_classes);
}

int BuildResNeXt50(ZooBuilder& b, int num_classes) {
  BottleneckConfig config;
  config.groups = 32;
  config.width_per_group = 4;
  config.classifier_scale = 1.0;
  return BuildBottleneckResNet(b, config, num_classes);
}

}  // namespace oar::zoo
