// The model zoo: classification networks with seeded random weights, written as Paddle
// inference models (combined __model__ + __params__) or as ONNX with the same weights.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace oar::zoo {

enum class ZooFormat { kPaddle, kOnnx };

/// Names accepted by WriteZooModel, e.g. "resnet50".
std::vector<std::string> ZooModelNames();

struct ZooOptions {
  uint64_t seed = 0;       // weights are a pure function of (name, seed)
  int num_classes = 1000;
};

/// Writes model `name` into `out_dir` (created if missing): Paddle: `__model__` + `__params__`;
/// ONNX: `model.onnx`. Input "image" [N,3,224,224] with N dynamic; output: class probabilities.
Status WriteZooModel(const std::string& name, const std::string& out_dir, ZooFormat format,
                     const ZooOptions& options = {});

}  // namespace oar::zoo
