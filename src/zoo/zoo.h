// The model zoo: classification networks with seeded random weights, written as Paddle
// inference models (combined __model__ + __params__) or as ONNX with the same weights.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace oar::zoo {

enum class ZooFormat { kPaddle, kOnnx };

/// Names accepted by WriteZooModel, e.g. "resnet50".
std::vector<std::string> ZooModelNames();

struct ZooOptions {
  uint64_t seed = 0;  // weights are a pure function of (name, seed)
  int num_classes = 1000;
};

/// Writes model `name` into `out_dir` (created if missing): Paddle: `__model__` + `__params__`;
/// ONNX: `model.onnx`. Input "image" [N,3,224,224] with N dynamic; output: class probabilities.
/// Errors: kNotFound for an unknown name (the message lists the valid names), kInvalidArgument
/// for num_classes < 1, kInternal when a file cannot be written.
Status WriteZooModel(const std::string& name, const std::string& out_dir, ZooFormat format,
                     const ZooOptions& options = {});

/// One line about model `name`, e.g. "ResNet-50 v1.5 (torchvision layout), 25.6M params,
/// 4.1 GMACs at 224x224"; params and multiply-adds are counted from the built graph (1000
/// classes). Returns "" for an unknown name.
std::string ZooModelDescription(const std::string& name);

}  // namespace oar::zoo
