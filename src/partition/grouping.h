// Engine grouping analysis: which nodes go to the engine, in which groups, and why every other
// node stays native. Read-only; partition/engine_node_builder.h does the rewrite.
//
// Groups are maximal, connected (through direct producer -> consumer edges) and acyclic: the
// graph in which each group is contracted into one node stays a DAG. The classic trap is
//
//        A (engine) ──────────────▶ B (engine)
//          └──▶ N (native) ──▶ ─────┘
//
// A and B cannot share a group: the engine node would both feed N and wait for it.
//
// Algorithm (greedy contraction with reachability checks, as ORT's and TVM's partitioners do):
// every candidate node starts as its own cluster; walking the nodes in topological order, each
// producer -> consumer edge between two candidate clusters is contracted unless another path
// leads from the producer's cluster to the consumer's (a DFS over the contracted graph, pruned
// by topological position, finds it). Walks repeat until nothing merges, so a merge rejected
// early is retried once later merges have swallowed the path that blocked it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "partition/partition_options.h"

namespace oar::partition {

struct NativeDecision {
  ir::NodeId node = ir::kNoNode;
  std::string reason;
};

struct Grouping {
  /// Accepted groups (each of at least min_subgraph_size nodes), ordered by their first node in
  /// topological order; each group's nodes in topological order.
  std::vector<std::vector<ir::NodeId>> groups;
  /// Every other live node, in topological order, each with the reason it stays native:
  ///   "not supported by backend <b>: <backend's reason>"
  ///   "denied by the user (DisableEngineOps)"
  ///   "already an engine node (backend <b>)"
  ///   "group of <k> node(s) is below min_subgraph_size <m>"
  ///   "would create a cycle through op '<x>' (<kind>) if merged with the group of '<y>'; ..."
  std::vector<NativeDecision> native;
};

/// Runs the capability callback on every live node (deny lists first) and groups the supported
/// ones. Errors: kInvalidGraph when the graph has a cycle.
StatusOr<Grouping> FindEngineGroups(const ir::Graph& graph, const CapabilityFn& supports,
                                    const PartitionOptions& options);

}  // namespace oar::partition
