// Writes a ZooGraph as a Paddle inference model in the combined layout: `__model__` (a
// ProgramDesc with the ops, attributes and vars Paddle 2.4's exporter writes) and `__params__`
// (one tensor record per persistable var, in byte-wise sorted name order). Format notes:
// shared/docs/paddle-model-format.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "framework.pb.h"
#include "zoo/zoo_builder.h"

namespace oar::zoo {

/// Version stamped into the ProgramDesc (2.4.0).
constexpr int64_t kPaddleProgramVersion = 2004000;

/// The program: block 0 with vars for every tensor, feed op, one or more ops per layer, fetch op.
paddle::framework::proto::ProgramDesc BuildPaddleProgram(const ZooGraph& graph);

/// Param ids in the order of the combined params file: names sorted byte-wise.
std::vector<int> CombinedParamOrder(const ZooGraph& graph);

/// Appends one serialized tensor record: uint32 version 0, uint64 LoD levels 0, uint32 tensor
/// version 0, int32 size of the TensorDesc, the TensorDesc (FP32, dims), the raw floats.
void AppendTensorRecord(const std::vector<int64_t>& dims, const std::vector<float>& values, std::string* out);

/// Writes `dir/__model__` and `dir/__params__` (dir must exist).
Status WritePaddleModel(const ZooGraph& graph, uint64_t seed, const std::string& dir);

}  // namespace oar::zoo
