#include "passes/fusion/fusion_util.h"

namespace oar::passes {

int FuseAtAnchors(ir::Graph& graph, ir::OpKind anchor_kind, const FuseOnceFn& fuse_once) {
  int fused = 0;
  for (ir::NodeId id : graph.LiveNodes()) {
    if (graph.node(id).removed || graph.node(id).kind != anchor_kind) continue;
    while (true) {
      const ConsumerMap consumers = graph.ComputeConsumers();
      if (!fuse_once(graph, consumers, id)) break;
      ++fused;
    }
  }
  return fused;
}

}  // namespace oar::passes
