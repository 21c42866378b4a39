// What an engine backend tells the generic partitioner (design.md §3, Capability contract):
// per node, whether it can take it and, when not, why; plus the user's knobs.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "ir/graph.h"

namespace oar::partition {

/// A backend's answer for one node. `reason` is required when `supported` is false; it ends up
/// in the partition report ("not supported by backend cpu: <reason>"), so it names what is wrong
/// precisely (input, dtype, attribute), not just "unsupported".
struct SupportResult {
  bool supported = false;
  std::string reason;

  static SupportResult Yes() { return SupportResult{true, ""}; }
  static SupportResult No(std::string why) { return SupportResult{false, std::move(why)}; }
};

/// Capability callback of a backend. It sees the whole graph (value dtypes, shapes, constness,
/// producers) and answers for node `id`; it must not keep references to the graph. Called once
/// per live node, in topological order.
using CapabilityFn = std::function<SupportResult(const ir::Graph& graph, ir::NodeId id)>;

/// The user's partitioning options (Paddle-TRT's min_subgraph_size and DisableEngineOps).
struct PartitionOptions {
  /// Groups with fewer nodes stay native: a tiny engine costs more (copies, launch) than it saves.
  int min_subgraph_size = 3;
  /// Kinds that must run natively whatever the backend says.
  std::set<ir::OpKind> deny_kinds;
  /// Nodes (by name) that must run natively whatever the backend says.
  std::set<std::string> deny_node_names;
  /// Backend name: recorded in EngineAttrs::backend, used in engine node names
  /// ("<backend>_engine_<i>") and in the report's reasons.
  std::string backend;
};

}  // namespace oar::partition
