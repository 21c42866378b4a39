// dead_code_elimination: removes every node none of whose outputs reaches a graph output.
//
//   %x ──▶ conv ──▶ relu ──▶ return          %x ──▶ conv ──▶ relu ──▶ return
//            └────▶ shape ──▶ slice    ==>
//                  (nothing uses slice)
//
// Liveness walks backwards from the graph outputs through producers; a node is live when any
// of its outputs is needed (a multi-output node such as Split is kept whole). Constants no
// node uses any more are dropped afterwards by Graph::Compact() (the PassManager compacts after
// every pass). Ops have no side effects in this IR, so nothing else keeps a node alive.
#pragma once

#include <vector>

#include "passes/pass.h"

namespace oar::passes {

/// For each node id, whether some output of the node reaches a graph output (removed nodes: false).
std::vector<bool> ComputeLiveNodes(const ir::Graph& graph);

class DeadCodeEliminationPass final : public Pass {
 public:
  explicit DeadCodeEliminationPass(const PassOptions& options) { (void)options; }
  static const PassInfo& Info();
  const PassInfo& info() const override { return Info(); }
  /// Returns the number of nodes removed.
  StatusOr<int> Run(ir::Graph& graph) override;
};

}  // namespace oar::passes
