// The canonical IR: a Graph of Nodes (ops) connected by Values (tensors).
// Ids are indices into the graph's tables and stay stable; removed nodes are tombstoned
// (Node::removed) until Compact() renumbers everything.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "ir/attrs.h"
#include "ir/op_kind.h"

namespace oar::ir {

using ValueId = int32_t;
using NodeId = int32_t;
constexpr ValueId kNoValue = -1;
constexpr NodeId kNoNode = -1;

struct Value {
  std::string name;
  DType dtype = DType::kUndefined;
  Shape shape;                       // may contain kUnknownDim
  NodeId producer = kNoNode;         // kNoNode for graph inputs and constants
  std::shared_ptr<const Tensor> constant;  // set for weights and folded constants
  bool is_constant() const { return constant != nullptr; }
};

struct Node {
  std::string name;  // unique, human readable (frontend op name or generated)
  OpKind kind = OpKind::kIdentity;
  std::vector<ValueId> inputs;   // kNoValue marks an absent optional input
  std::vector<ValueId> outputs;
  Attrs attrs;
  bool removed = false;

  template <typename T>
  const T& attr() const { return std::get<T>(attrs); }
  template <typename T>
  T& mutable_attr() { return std::get<T>(attrs); }
};

class Graph {
 public:
  /// Adds a value; names must be unique (an existing name is an internal error).
  ValueId AddValue(const std::string& name, DType dtype, Shape shape);
  /// Adds a constant value holding `tensor` (dtype/shape taken from it).
  ValueId AddConstant(const std::string& name, Tensor tensor);
  /// Adds a node consuming `inputs` and producing `outputs` (values must exist and have no producer).
  NodeId AddNode(const std::string& name, OpKind kind, std::vector<ValueId> inputs, std::vector<ValueId> outputs,
                 Attrs attrs = NoAttrs{});
  /// Marks a node removed. Its outputs keep their producer id until Compact().
  void RemoveNode(NodeId id);
  /// Replaces every use of `from` (node inputs and graph outputs) by `to`.
  void ReplaceAllUses(ValueId from, ValueId to);
  /// Drops removed nodes and values no longer referenced; renumbers ids; keeps node order.
  void Compact();

  void AddInput(ValueId v) { inputs_.push_back(v); }
  void AddOutput(ValueId v) { outputs_.push_back(v); }
  const std::vector<ValueId>& inputs() const { return inputs_; }
  const std::vector<ValueId>& outputs() const { return outputs_; }
  std::vector<ValueId>& mutable_inputs() { return inputs_; }
  std::vector<ValueId>& mutable_outputs() { return outputs_; }

  const Value& value(ValueId id) const { return values_[static_cast<size_t>(id)]; }
  Value& mutable_value(ValueId id) { return values_[static_cast<size_t>(id)]; }
  const Node& node(NodeId id) const { return nodes_[static_cast<size_t>(id)]; }
  Node& mutable_node(NodeId id) { return nodes_[static_cast<size_t>(id)]; }
  int num_values() const { return static_cast<int>(values_.size()); }
  int num_nodes() const { return static_cast<int>(nodes_.size()); }
  /// Live nodes in stored order (which frontends keep topological).
  std::vector<NodeId> LiveNodes() const;
  /// Live nodes in a topological order (stable: stored order where it already is one).
  StatusOr<std::vector<NodeId>> TopologicalOrder() const;
  /// Consumers of each value among live nodes (recomputed on each call).
  std::vector<std::vector<NodeId>> ComputeConsumers() const;
  /// Id of the value with this name, or kNoValue.
  ValueId FindValue(const std::string& name) const;
  /// A name not used yet, derived from `base`.
  std::string UniqueName(const std::string& base);

 private:
  std::vector<Value> values_;
  std::vector<Node> nodes_;
  std::vector<ValueId> inputs_;
  std::vector<ValueId> outputs_;
  std::unordered_map<std::string, ValueId> value_by_name_;
  int64_t name_counter_ = 0;
};

}  // namespace oar::ir
