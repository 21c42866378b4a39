// SE-ResNeXt-50 32x4d: ResNeXt-50 32x4d (resnet.cc) with a squeeze-excitation block on the
// residual branch after its last batch norm and before the add, reduction 16, as in the SENet
// paper (Hu et al., "Squeeze-and-Excitation Networks", Fig. 3 / Table 1) and PaddleClas'
// SE_ResNeXt50_32x4d. The two fully connected layers of the SE block run on the pooled
// [N, C, 1, 1] tensor as 1x1 convolutions with bias (the same math as fc layers; the SENet
// reference Caffe models and Cadene's pretrainedmodels do the same), which keeps the scale in
// NCHW for the channel-wise multiply and needs no reshape op in either file format.
#include "zoo/networks.h"

namespace oar::zoo {

// The pooled branch output is small (its batch norm has gamma ~0.2); larger fc weights spread
// the sigmoid gates over (0, 1) instead of leaving them all near 0.5.
constexpr double kSeGain = 1.2;

int SqueezeExcitation(ZooBuilder& b, int x, int reduction) {
  int64_t c = b.channels(x);
  int s = b.AdaptiveAvgPool(x, 1);
  s = b.Relu(b.Conv(s, c / reduction, 1, 1, 0, 1, {true, kSeGain}));
  s = b.Sigmoid(b.Conv(s, c, 1, 1, 0, 1, {true, kSeGain}));
  return b.Mul(x, s);
}

int BuildSeResNeXt50(ZooBuilder& b, int num_classes) {
  BottleneckConfig config;
  config.groups = 32;
  config.width_per_group = 4;
  config.squeeze_excitation = true;
  config.classifier_scale = 1.3;
  return BuildBottleneckResNet(b, config, num_classes);
}

}  // namespace oar::zoo
