// What the partitioner did, in names users know (node and value names of the original graph):
// each engine subgraph with its ops and boundary values, each native op with the reason it
// stays native. `oar inspect --engine` prints it and colours the graph pictures from it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ir/op_kind.h"

namespace oar::partition {

struct GroupMember {
  std::string name;
  ir::OpKind kind = ir::OpKind::kIdentity;
};

/// One engine node.
struct EngineGroupReport {
  std::string engine_node;           // name of the engine node in the partitioned graph
  std::vector<GroupMember> members;  // original nodes, topological order
  std::vector<std::string> inputs;   // value names, in the engine node's input order
  std::vector<std::string> outputs;  // value names, in the engine node's output order
};

/// One node left to the native executor.
struct NativeNodeReport {
  std::string name;
  ir::OpKind kind = ir::OpKind::kIdentity;
  std::string reason;
};

struct PartitionReport {
  std::string backend;
  int min_subgraph_size = 0;
  std::vector<EngineGroupReport> groups;  // in the partitioned graph's node order
  std::vector<NativeNodeReport> native;   // topological order of the original graph

  /// Original nodes that went into engine nodes.
  int num_engine_ops() const;
  /// Live nodes of the original graph.
  int num_ops() const { return num_engine_ops() + static_cast<int>(native.size()); }
};

/// Human-readable report:
///   engine partition (backend cpu, min_subgraph_size 3): 2 engine subgraphs take 45 of 52 ops; 7 ops run natively
///   engine subgraph 'cpu_engine_0' (40 ops: conv2d x10, batch_norm x10, ...)
///     inputs:  image
///     outputs: relu_9.tmp_0
///     ops:     conv2d_0 (conv2d), batch_norm_0 (batch_norm), ...
///   native ops (7):
///     arg_max_0 (arg_max): not supported by backend cpu: ...
///   totals: ...
std::string FormatPartitionReport(const PartitionReport& report);

/// Node name -> fill colour for drawing the ORIGINAL graph (ir::DotOptions::highlight): nodes
/// that go to an engine in ir::kDotEngineColour, native ones in ir::kDotNativeColour.
std::map<std::string, std::string> PartitionHighlight(const PartitionReport& report);

}  // namespace oar::partition
