// Network definitions of the model zoo, one file per family. Each Build* function records the
// layers of one network into a ZooBuilder (whose input is "image" [-1, 3, 224, 224]) and
// returns the value id of the softmax output.
#pragma once

#include <string>

#include "core/status.h"
#include "zoo/zoo_builder.h"

namespace oar::zoo {

/// Scale centre of the last batch norm of a residual branch: keeps the residual stream O(1)
/// through 16+ blocks of random weights (the "zero-init residual" idea, softened).
constexpr double kResidualBranchGamma = 0.2;

/// ResNet-50 v1.5 / ResNeXt-50 (torchvision layout), optionally with squeeze-excitation.
struct BottleneckConfig {
  int groups = 1;
  int width_per_group = 64;
  bool squeeze_excitation = false;
  double classifier_scale = 1.0;  // final linear weight std = scale / sqrt(2048)
};
int BuildBottleneckResNet(ZooBuilder& b, const BottleneckConfig& config, int num_classes);

int BuildResNet50(ZooBuilder& b, int num_classes);     // resnet.cc
int BuildResNeXt50(ZooBuilder& b, int num_classes);    // resnet.cc
int BuildSeResNeXt50(ZooBuilder& b, int num_classes);  // se_resnext.cc
/// SE block: global avg pool -> fc(c/reduction) -> relu -> fc(c) -> sigmoid -> x * scale.
int SqueezeExcitation(ZooBuilder& b, int x, int reduction);  // se_resnext.cc
int BuildVgg16(ZooBuilder& b, int num_classes);              // vgg_alexnet.cc
int BuildAlexNet(ZooBuilder& b, int num_classes);            // vgg_alexnet.cc
int BuildGoogLeNet(ZooBuilder& b, int num_classes);          // googlenet.cc
int BuildMobileNetV1(ZooBuilder& b, int num_classes);        // mobilenet.cc
int BuildDpn68(ZooBuilder& b, int num_classes);              // dpn.cc

/// The graph of zoo model `name` (no weights generated yet). kNotFound lists the valid names.
StatusOr<ZooGraph> BuildZooGraph(const std::string& name, int num_classes = 1000);

}  // namespace oar::zoo
