// The engine partition pass (design.md §1, style.md §5): a backend's capability callback in,
// the graph with each maximal acyclic group of supported ops replaced by one engine node out,
// plus a report naming every op that stays native and why.
//
//   auto result = partition::PartitionGraph(graph, engine::cpu::CpuEngineSupports, options);
//   result->graph    -- kEngine nodes (EngineAttrs{backend, subgraph}) + native nodes, topological
//   result->report   -- groups (members, boundary values) and native ops with reasons
//
// Grouping: partition/grouping.h. Engine-node creation: partition/engine_node_builder.h.
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "partition/grouping.h"
#include "partition/partition_options.h"
#include "partition/partition_report.h"

namespace oar::partition {

struct PartitionResult {
  ir::Graph graph;         // the rewritten graph (passes ir::VerifyGraph)
  PartitionReport report;  // in names of the original graph
};

/// Partitions `graph` (left untouched) for the backend described by `supports` and `options`.
/// A graph with nothing to give to the engine comes back unchanged (apart from Compact()) with
/// every node in report.native. Errors: kInvalidGraph for a graph with a cycle.
StatusOr<PartitionResult> PartitionGraph(const ir::Graph& graph, const CapabilityFn& supports,
                                         const PartitionOptions& options);

}  // namespace oar::partition
