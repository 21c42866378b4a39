// Engine-node creation: cuts each group of nodes out of a graph into a standalone subgraph and
// puts one OpKind::kEngine node (EngineAttrs{backend, subgraph}) in its place.
//
//   before:  x ─▶ conv ─▶ bn ─▶ relu ─▶ arg_max ─▶ y          group {conv, bn, relu}
//   after:   x ─▶ cpu_engine_0 ─▶ arg_max ─▶ y
//            cpu_engine_0.subgraph = graph(%x) { conv, bn, relu; return %relu.out }
//
// Boundaries: the group's inputs are the non-constant values its nodes read but do not produce
// (graph inputs, outputs of other nodes), in order of first use; its outputs are the values its
// nodes produce that a node outside reads or that are graph outputs, in production order. The
// engine node's inputs/outputs are those values (same ids and names in the rewritten graph, so
// user-visible output names stay). Constants read by the group go into the subgraph sharing the
// same std::shared_ptr<const Tensor>; those no node outside reads leave the parent graph.
// The rewritten graph stores its nodes in a topological order (groups contracted).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "partition/partition_report.h"

namespace oar::partition {

/// The subgraph of `members` (live nodes of `graph`, any order). Its inputs and outputs follow the
/// rules above; *input_values / *output_values receive the matching value ids of `graph`.
/// Errors: kInvalidArgument for a removed or repeated node; kInvalidGraph when the members have
/// no topological order.
StatusOr<std::shared_ptr<const ir::Graph>> ExtractSubgraph(const ir::Graph& graph,
                                                           const std::vector<ir::NodeId>& members,
                                                           std::vector<ir::ValueId>* input_values,
                                                           std::vector<ir::ValueId>* output_values);

/// Replaces each group (disjoint sets of live nodes whose contraction keeps the graph acyclic)
/// by one engine node named "<backend>_engine_<i>" ("engine_<i>" without a backend), numbered in
/// the rewritten graph's node order. Appends one EngineGroupReport per group (in that order) to
/// *reports. The result is compacted
/// and passes ir::VerifyGraph. Errors: kInvalidArgument for overlapping groups, kInvalidGraph when
/// contracting the groups makes a cycle.
StatusOr<ir::Graph> BuildEngineNodes(const ir::Graph& graph, const std::vector<std::vector<ir::NodeId>>& groups,
                                     const std::string& backend, std::vector<EngineGroupReport>* reports);

}  // namespace oar::partition
