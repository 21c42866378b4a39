// The optimisation the predictor applies to a loaded graph (Config::SwitchIrOptim), shared with
// tools that show the graph as the predictor runs it (`oar inspect`).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace oar::infer {

/// Runs the default pass pipeline with the runtime's single-op evaluator for constant folding;
/// prints the IR after each pass named in `dump_ir_after` ("all" for every pass).
Status OptimizeGraph(ir::Graph& graph, const std::vector<std::string>& dump_ir_after = {});

}  // namespace oar::infer
