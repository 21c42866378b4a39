// ProgramConverter: block 0 of a Paddle ProgramDesc + its weights -> an oar IR graph.
//  - feed targets become graph inputs (in `col` order, named after the variables, VarDesc
//    dtype/dims with -1 kept), fetch sources become graph outputs (in `col` order);
//  - weights become constant values named after their variables;
//  - ops whose outputs reach no fetch are skipped; every other op goes through its converter,
//    in program order, so nodes are stored in a topological order an executor can follow.
// Ops that cannot be converted (no converter, or a sub-block such as `while`) are reported all at
// once in one kUnsupported error, before anything is converted.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "frontends/paddle/converter_registry.h"
#include "frontends/paddle/program_reader.h"
#include "ir/graph.h"

namespace oar::frontends::paddle {

/// For each op of `block`: true when some output variable is (transitively) read by a fetch op.
/// feed and fetch ops themselves are marked false.
std::vector<bool> FindLiveOps(const proto::BlockDesc& block);

/// Op types of `ops` that cannot be converted, sorted, formatted as "type (xN)" (with ", has a
/// sub-block" for control flow); empty when all can be.
std::vector<std::string> ListUnconvertibleOps(const std::vector<const proto::OpDesc*>& ops,
                                              const ConverterRegistry& registry);

/// Converts block 0. The result has no shape inference run on it: values carry what the VarDescs
/// and weights say, helper values may have undefined dtype/shape (ir::InferShapes fills them).
StatusOr<ir::Graph> ConvertProgram(const proto::ProgramDesc& program, const std::map<std::string, Tensor>& weights,
                                   const ConverterRegistry& registry = ConverterRegistry::Global());

}  // namespace oar::frontends::paddle
