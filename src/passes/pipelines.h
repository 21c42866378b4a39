// Named pipelines (ordered lists of registered pass names) and the entry point the API layer
// calls before building an executor: RunDefaultPipeline.
//
//   default: identity_elimination, constant_folding, dead_code_elimination, conv_bn_fuse,
//            conv_bias_act_fuse, fc_fuse, dead_code_elimination
//   cleanup: identity_elimination, constant_folding, dead_code_elimination
//
// Every name of every built-in pipeline is checked against the registry when a PassManager is
// built from it (PassManager::Create), before any pass runs, and ValidatePipelines() checks
// them all at once (a test runs it).
#pragma once

#include <string>
#include <vector>

#include "passes/pass_manager.h"

namespace oar::passes {

struct Pipeline {
  std::string name;
  std::vector<std::string> passes;
};

/// The built-in pipelines ("default", "cleanup").
const std::vector<Pipeline>& BuiltinPipelines();
/// The pass names of a built-in pipeline; kNotFound naming the known pipelines otherwise.
StatusOr<std::vector<std::string>> PipelinePasses(const std::string& pipeline_name);
/// OK when every pass named by every built-in pipeline is registered; else kNotFound naming the
/// pipeline and the pass.
Status ValidatePipelines();

struct PipelineOptions {
  /// Typed options of the passes (constant_folding.evaluator: the API layer passes
  /// runtime::RunSingleOp).
  PassOptions passes;
  /// opt level, verification, IR dumps.
  PassManagerOptions manager;
};

/// Runs pipeline `pipeline_name` on `graph` in place. `stats` (optional) receives per-pass stats.
Status RunPipeline(const std::string& pipeline_name, ir::Graph& graph, const PipelineOptions& options,
                   std::vector<PassStats>* stats = nullptr);

/// RunPipeline("default", ...): cleanup, constant folding and the conv/matmul fusions. The graph
/// keeps its input and output names and dtypes and computes the same results (up to float
/// rounding of folded weights).
Status RunDefaultPipeline(ir::Graph& graph, const PipelineOptions& options, std::vector<PassStats>* stats = nullptr);

}  // namespace oar::passes
