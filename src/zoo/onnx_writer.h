// Writes a ZooGraph as ONNX (opset 13, IR version 8): the same network and the same weights
// as the Paddle writer, weights as initializers named like the Paddle params (raw_data,
// little-endian), input "image" with a symbolic batch dim "N", output = the softmax.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "onnx.pb.h"
#include "zoo/zoo_builder.h"

namespace oar::zoo {

constexpr int64_t kOnnxOpset = 13;
constexpr int64_t kOnnxIrVersion = 8;

/// The whole model, initializers included (generated from `seed`).
oar_onnx::ModelProto BuildOnnxModel(const ZooGraph& graph, uint64_t seed);

/// Writes `dir/model.onnx` (dir must exist).
Status WriteOnnxModel(const ZooGraph& graph, uint64_t seed, const std::string& dir);

}  // namespace oar::zoo
