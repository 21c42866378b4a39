#include "partition/partitioner.h"

#include "core/logging.h"
#include "partition/engine_node_builder.h"

namespace oar::partition {

StatusOr<PartitionResult> PartitionGraph(const ir::Graph& graph, const CapabilityFn& supports,
                                         const PartitionOptions& options) {
  OAR_ASSIGN_OR_RETURN(Grouping grouping, FindEngineGroups(graph, supports, options));
  PartitionResult result;
  result.report.backend = options.backend;
  result.report.min_subgraph_size = options.min_subgraph_size;
  for (const NativeDecision& d : grouping.native) {
    const ir::Node& n = graph.node(d.node);
    result.report.native.push_back(NativeNodeReport{n.name, n.kind, d.reason});
  }
  OAR_ASSIGN_OR_RETURN(result.graph, BuildEngineNodes(graph, grouping.groups, options.backend, &result.report.groups));
  OAR_VLOG(1, "partition: backend " << options.backend << ": " << result.report.groups.size() << " engine node(s) take "
                                    << result.report.num_engine_ops() << " of " << result.report.num_ops() << " ops");
  return result;
}

}  // namespace oar::partition
