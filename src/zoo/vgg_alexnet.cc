// VGG-16 (configuration "D", no batch norm) and AlexNet in torchvision's layout
// (torchvision/models/vgg.py, alexnet.py): conv layers with bias + ReLU, max pools without
// ceil mode, an adaptive average pool (7x7 resp. 6x6: an identity at 224x224 input, kept so the
// graph matches PyTorch's), flatten, and the classifier with dropout (p = 0.5) where torchvision
// has it: VGG: linear-relu-dropout x2 then linear; AlexNet: dropout-linear-relu x2 then linear.
#include "zoo/networks.h"

namespace oar::zoo {
namespace {

// Final linear weight std = scale / sqrt(in_features): chosen so that a random image gives
// logits with a standard deviation of a few units (softmax neither flat nor one-hot).
constexpr double kVggClassifierScale = 1.0;
constexpr double kAlexNetClassifierScale = 0.85;

int ConvRelu(ZooBuilder& b, int x, int64_t out_channels, int kernel, int stride, int pad) {
  return b.Relu(b.Conv(x, out_channels, kernel, stride, pad, 1, {true, 1.0}));
}

}  // namespace

int BuildVgg16(ZooBuilder& b, int num_classes) {
  const int64_t cfg[] = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
  int x = b.input();
  for (int64_t c : cfg) x = c == 0 ? b.MaxPool(x, 2, 2, 0) : ConvRelu(b, x, c, 3, 1, 1);
  x = b.Flatten(b.AdaptiveAvgPool(x, 7));
  x = b.Dropout(b.Relu(b.Linear(x, 4096)), 0.5f);
  x = b.Dropout(b.Relu(b.Linear(x, 4096)), 0.5f);
  return b.Softmax(b.Linear(x, num_classes, kVggClassifierScale));
}

int BuildAlexNet(ZooBuilder& b, int num_classes) {
  int x = ConvRelu(b, b.input(), 64, 11, 4, 2);
  x = b.MaxPool(x, 3, 2, 0);
  x = ConvRelu(b, x, 192, 5, 1, 2);
  x = b.MaxPool(x, 3, 2, 0);
  x = ConvRelu(b, x, 384, 3, 1, 1);
  x = ConvRelu(b, x, 256, 3, 1, 1);
  x = ConvRelu(b, x, 256, 3, 1, 1);
  x = b.MaxPool(x, 3, 2, 0);
  x = b.Flatten(b.AdaptiveAvgPool(x, 6));
  x = b.Relu(b.Linear(b.Dropout(x, 0.5f), 4096));
  x = b.Relu(b.Linear(b.Dropout(x, 0.5f), 4096));
  return b.Softmax(b.Linear(x, num_classes, kAlexNetClassifierScale));
}

}  // namespace oar::zoo
