#include "api/graph_optimizer.h"

#include "passes/pipelines.h"
#include "runtime/single_op.h"

namespace oar::infer {

Status OptimizeGraph(ir::Graph& graph, const std::vector<std::string>& dump_ir_after) {
  passes::PipelineOptions options;
  options.passes.constant_folding.evaluator = [](const ir::Node& node, const std::vector<const oar::Tensor*>& inputs) {
    return runtime::RunSingleOp(node, inputs);
  };
  options.manager.dump_ir_after.insert(dump_ir_after.begin(), dump_ir_after.end());
  return passes::RunDefaultPipeline(graph, options);
}

}  // namespace oar::infer
