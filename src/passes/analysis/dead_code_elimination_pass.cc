#include "passes/analysis/dead_code_elimination_pass.h"

#include "core/logging.h"
#include "passes/pass_util.h"

namespace oar::passes {

std::vector<bool> ComputeLiveNodes(const ir::Graph& graph) {
  std::vector<bool> live(static_cast<size_t>(graph.num_nodes()), false);
  std::vector<ir::ValueId> work(graph.outputs().begin(), graph.outputs().end());
  std::vector<bool> seen(static_cast<size_t>(graph.num_values()), false);
  while (!work.empty()) {
    const ir::ValueId v = work.back();
    work.pop_back();
    if (v == ir::kNoValue || seen[static_cast<size_t>(v)]) continue;
    seen[static_cast<size_t>(v)] = true;
    const ir::NodeId p = graph.value(v).producer;
    if (p == ir::kNoNode || graph.node(p).removed || live[static_cast<size_t>(p)]) continue;
    live[static_cast<size_t>(p)] = true;
    for (ir::ValueId in : graph.node(p).inputs) work.push_back(in);
  }
  return live;
}

const PassInfo& DeadCodeEliminationPass::Info() {
  static const PassInfo info{"dead_code_elimination", 1, "remove nodes whose outputs reach no graph output"};
  return info;
}

StatusOr<int> DeadCodeEliminationPass::Run(ir::Graph& graph) {
  const std::vector<bool> live = ComputeLiveNodes(graph);
  int removed = 0;
  for (ir::NodeId id : graph.LiveNodes()) {
    if (live[static_cast<size_t>(id)]) continue;
    OAR_VLOG(2, "dead_code_elimination: removing " << DescribeNode(graph, id) << ": no output reaches a graph output");
    graph.RemoveNode(id);
    ++removed;
  }
  return removed;
}

OAR_REGISTER_PASS(DeadCodeEliminationPass)

}  // namespace oar::passes
