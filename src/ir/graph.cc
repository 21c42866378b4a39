#include "ir/graph.h"

#include <algorithm>
#include <queue>

namespace oar::ir {

ValueId Graph::AddValue(const std::string& name, DType dtype, Shape shape) {
  OAR_CHECK_MSG(value_by_name_.count(name) == 0, "duplicate value name '" + name + "'");
  ValueId id = static_cast<ValueId>(values_.size());
  Value v;
  v.name = name;
  v.dtype = dtype;
  v.shape = std::move(shape);
  values_.push_back(std::move(v));
  value_by_name_[name] = id;
  return id;
}

ValueId Graph::AddConstant(const std::string& name, Tensor tensor) {
  ValueId id = AddValue(name, tensor.dtype(), tensor.shape());
  values_[static_cast<size_t>(id)].constant = std::make_shared<const Tensor>(std::move(tensor));
  return id;
}

NodeId Graph::AddNode(const std::string& name, OpKind kind, std::vector<ValueId> inputs,
                      std::vector<ValueId> outputs, Attrs attrs) {
  NodeId id = static_cast<NodeId>(nodes_.size());
  for (ValueId v : inputs) OAR_CHECK(v == kNoValue || (v >= 0 && v < num_values()));
  for (ValueId v : outputs) {
    OAR_CHECK(v >= 0 && v < num_values());
    OAR_CHECK_MSG(values_[static_cast<size_t>(v)].producer == kNoNode,
                  "value '" + values_[static_cast<size_t>(v)].name + "' already has a producer");
    values_[static_cast<size_t>(v)].producer = id;
  }
  Node n;
  n.name = name;
  n.kind = kind;
  n.inputs = std::move(inputs);
  n.outputs = std::move(outputs);
  n.attrs = std::move(attrs);
  nodes_.push_back(std::move(n));
  return id;
}

void Graph::RemoveNode(NodeId id) { nodes_[static_cast<size_t>(id)].removed = true; }

void Graph::ReplaceAllUses(ValueId from, ValueId to) {
  for (Node& n : nodes_) {
    if (n.removed) continue;
    for (ValueId& v : n.inputs) {
      if (v == from) v = to;
    }
  }
  for (ValueId& v : outputs_) {
    if (v == from) v = to;
  }
}

std::vector<NodeId> Graph::LiveNodes() const {
  std::vector<NodeId> out;
  for (NodeId i = 0; i < num_nodes(); ++i) {
    if (!nodes_[static_cast<size_t>(i)].removed) out.push_back(i);
  }
  return out;
}

std::vector<std::vector<NodeId>> Graph::ComputeConsumers() const {
  std::vector<std::vector<NodeId>> consumers(values_.size());
  for (NodeId i = 0; i < num_nodes(); ++i) {
    const Node& n = nodes_[static_cast<size_t>(i)];
    if (n.removed) continue;
    for (ValueId v : n.inputs) {
      if (v != kNoValue) consumers[static_cast<size_t>(v)].push_back(i);
    }
  }
  return consumers;
}

StatusOr<std::vector<NodeId>> Graph::TopologicalOrder() const {
  // Kahn's algorithm, always taking the smallest ready id so stored order is kept when valid.
  std::vector<int> pending(nodes_.size(), 0);
  auto consumers = ComputeConsumers();
  std::priority_queue<NodeId, std::vector<NodeId>, std::greater<NodeId>> ready;
  for (NodeId i = 0; i < num_nodes(); ++i) {
    const Node& n = nodes_[static_cast<size_t>(i)];
    if (n.removed) continue;
    for (ValueId v : n.inputs) {
      if (v == kNoValue) continue;
      NodeId p = values_[static_cast<size_t>(v)].producer;
      if (p != kNoNode && !nodes_[static_cast<size_t>(p)].removed) ++pending[static_cast<size_t>(i)];
    }
    if (pending[static_cast<size_t>(i)] == 0) ready.push(i);
  }
  std::vector<NodeId> order;
  while (!ready.empty()) {
    NodeId id = ready.top();
    ready.pop();
    order.push_back(id);
    for (ValueId v : nodes_[static_cast<size_t>(id)].outputs) {
      // consumers[v] lists a node once per use, matching how `pending` was counted above.
      for (NodeId c : consumers[static_cast<size_t>(v)]) {
        if (--pending[static_cast<size_t>(c)] == 0) ready.push(c);
      }
    }
  }
  size_t live = LiveNodes().size();
  if (order.size() != live) {
    return InvalidGraph("graph has a cycle: " + std::to_string(live - order.size()) + " node(s) never become ready");
  }
  return order;
}

ValueId Graph::FindValue(const std::string& name) const {
  auto it = value_by_name_.find(name);
  return it == value_by_name_.end() ? kNoValue : it->second;
}

std::string Graph::UniqueName(const std::string& base) {
  std::string name = base;
  while (value_by_name_.count(name)) name = base + "_" + std::to_string(++name_counter_);
  return name;
}

void Graph::Compact() {
  // Values referenced by live nodes or graph inputs/outputs survive.
  std::vector<char> used(values_.size(), 0);
  for (const Node& n : nodes_) {
    if (n.removed) continue;
    for (ValueId v : n.inputs) if (v != kNoValue) used[static_cast<size_t>(v)] = 1;
    for (ValueId v : n.outputs) used[static_cast<size_t>(v)] = 1;
  }
  for (ValueId v : inputs_) used[static_cast<size_t>(v)] = 1;
  for (ValueId v : outputs_) used[static_cast<size_t>(v)] = 1;

  std::vector<ValueId> vmap(values_.size(), kNoValue);
  std::vector<Value> new_values;
  for (size_t i = 0; i < values_.size(); ++i) {
    if (!used[i]) continue;
    vmap[i] = static_cast<ValueId>(new_values.size());
    new_values.push_back(std::move(values_[i]));
  }
  std::vector<NodeId> nmap(nodes_.size(), kNoNode);
  std::vector<Node> new_nodes;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].removed) continue;
    nmap[i] = static_cast<NodeId>(new_nodes.size());
    new_nodes.push_back(std::move(nodes_[i]));
  }
  for (Node& n : new_nodes) {
    for (ValueId& v : n.inputs) if (v != kNoValue) v = vmap[static_cast<size_t>(v)];
    for (ValueId& v : n.outputs) v = vmap[static_cast<size_t>(v)];
  }
  for (Value& v : new_values) {
    if (v.producer != kNoNode) v.producer = nmap[static_cast<size_t>(v.producer)];
  }
  for (ValueId& v : inputs_) v = vmap[static_cast<size_t>(v)];
  for (ValueId& v : outputs_) v = vmap[static_cast<size_t>(v)];
  values_ = std::move(new_values);
  nodes_ = std::move(new_nodes);
  value_by_name_.clear();
  for (size_t i = 0; i < values_.size(); ++i) value_by_name_[values_[i].name] = static_cast<ValueId>(i);
}

}  // namespace oar::ir
