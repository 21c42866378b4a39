// Runs one node on given inputs: schema inference for the output shapes, kernel lookup,
// Prepare, Run. Used by kernel tests and constant folding.
#pragma once

#include <string>
#include <vector>

#include "runtime/kernel.h"

namespace oar::runtime {

/// `node.inputs`/`node.outputs` only need the right counts (ids are not read).
/// kernel_name selects a specific kernel ("ref", "onednn"); empty = the best one.
StatusOr<std::vector<Tensor>> RunSingleOp(const ir::Node& node, const std::vector<const Tensor*>& inputs,
                                          const std::string& kernel_name = "", int num_threads = 1);

/// Convenience: builds a node of `kind` with `attrs`, `num_outputs` outputs and runs it.
StatusOr<std::vector<Tensor>> RunOp(ir::OpKind kind, ir::Attrs attrs, const std::vector<const Tensor*>& inputs,
                                    int num_outputs = 1, const std::string& kernel_name = "",
                                    int num_threads = 1);

}  // namespace oar::runtime
