#include "partition/engine_node_builder.h"

#include <algorithm>
#include <queue>
#include <set>
#include <unordered_map>

#include "ir/verifier.h"

namespace oar::partition {

namespace {

/// Shared analysis of the parent graph.
struct GraphInfo {
  std::vector<ir::NodeId> order;  // topological
  std::vector<int> pos;           // node id -> index in order (-1: not live)
  std::vector<std::vector<ir::NodeId>> consumers;
  std::vector<char> is_output;  // value id -> graph output
};

StatusOr<GraphInfo> Analyse(const ir::Graph& g) {
  GraphInfo info;
  OAR_ASSIGN_OR_RETURN(info.order, g.TopologicalOrder());
  info.pos.assign(static_cast<size_t>(g.num_nodes()), -1);
  for (size_t i = 0; i < info.order.size(); ++i) info.pos[static_cast<size_t>(info.order[i])] = static_cast<int>(i);
  info.consumers = g.ComputeConsumers();
  info.is_output.assign(static_cast<size_t>(g.num_values()), 0);
  for (ir::ValueId v : g.outputs()) info.is_output[static_cast<size_t>(v)] = 1;
  return info;
}

/// `members` sorted into topological order; checks they are live and distinct.
Status SortMembers(const ir::Graph& g, const GraphInfo& info, std::vector<ir::NodeId>* members) {
  for (ir::NodeId id : *members) {
    if (id < 0 || id >= g.num_nodes() || info.pos[static_cast<size_t>(id)] < 0) {
      return InvalidArgument("partition: node id " + std::to_string(id) + " is not a live node of the graph");
    }
  }
  std::sort(members->begin(), members->end(), [&](ir::NodeId a, ir::NodeId b) {
    return info.pos[static_cast<size_t>(a)] < info.pos[static_cast<size_t>(b)];
  });
  auto dup = std::adjacent_find(members->begin(), members->end());
  if (dup != members->end()) {
    return InvalidArgument("partition: node '" + g.node(*dup).name + "' is listed twice in a group");
  }
  return Status::OK();
}

/// Builds the subgraph of `members` (topologically sorted, live, distinct).
std::shared_ptr<const ir::Graph> Extract(const ir::Graph& g, const GraphInfo& info,
                                         const std::vector<ir::NodeId>& members, std::vector<ir::ValueId>* inputs,
                                         std::vector<ir::ValueId>* outputs) {
  const std::set<ir::NodeId> in_group(members.begin(), members.end());
  inputs->clear();
  outputs->clear();
  std::vector<ir::ValueId> constants;
  std::set<ir::ValueId> seen;
  for (ir::NodeId id : members) {
    for (ir::ValueId v : g.node(id).inputs) {
      if (v == ir::kNoValue || !seen.insert(v).second) continue;
      const ir::Value& val = g.value(v);
      if (val.is_constant()) {
        constants.push_back(v);
      } else if (val.producer == ir::kNoNode || !in_group.count(val.producer)) {
        inputs->push_back(v);
      }
    }
    for (ir::ValueId v : g.node(id).outputs) {
      bool used_outside = info.is_output[static_cast<size_t>(v)] != 0;
      for (ir::NodeId c : info.consumers[static_cast<size_t>(v)]) used_outside = used_outside || !in_group.count(c);
      if (used_outside) outputs->push_back(v);
    }
  }

  auto sub = std::make_shared<ir::Graph>();
  std::unordered_map<ir::ValueId, ir::ValueId> map;
  auto copy_value = [&](ir::ValueId v) {
    const ir::Value& val = g.value(v);
    ir::ValueId nv = sub->AddValue(val.name, val.dtype, val.shape);
    sub->mutable_value(nv).constant = val.constant;  // shared, not copied
    map[v] = nv;
    return nv;
  };
  for (ir::ValueId v : *inputs) sub->AddInput(copy_value(v));
  for (ir::ValueId v : constants) copy_value(v);
  for (ir::NodeId id : members) {
    const ir::Node& n = g.node(id);
    std::vector<ir::ValueId> ins, outs;
    for (ir::ValueId v : n.inputs) ins.push_back(v == ir::kNoValue ? ir::kNoValue : map.at(v));
    for (ir::ValueId v : n.outputs) outs.push_back(copy_value(v));
    sub->AddNode(n.name, n.kind, std::move(ins), std::move(outs), n.attrs);
  }
  for (ir::ValueId v : *outputs) sub->AddOutput(map.at(v));
  return sub;
}

}  // namespace

StatusOr<std::shared_ptr<const ir::Graph>> ExtractSubgraph(const ir::Graph& graph,
                                                           const std::vector<ir::NodeId>& members,
                                                           std::vector<ir::ValueId>* input_values,
                                                           std::vector<ir::ValueId>* output_values) {
  OAR_ASSIGN_OR_RETURN(GraphInfo info, Analyse(graph));
  std::vector<ir::NodeId> sorted = members;
  OAR_RETURN_IF_ERROR(SortMembers(graph, info, &sorted));
  return Extract(graph, info, sorted, input_values, output_values);
}

StatusOr<ir::Graph> BuildEngineNodes(const ir::Graph& g, const std::vector<std::vector<ir::NodeId>>& groups,
                                     const std::string& backend, std::vector<EngineGroupReport>* reports) {
  OAR_ASSIGN_OR_RETURN(GraphInfo info, Analyse(g));

  // Units of the contracted graph: one per group, then one per remaining live node.
  std::vector<int> unit_of(static_cast<size_t>(g.num_nodes()), -1);
  std::vector<std::vector<ir::NodeId>> sorted_groups = groups;
  for (size_t k = 0; k < sorted_groups.size(); ++k) {
    OAR_RETURN_IF_ERROR(SortMembers(g, info, &sorted_groups[k]));
    for (ir::NodeId id : sorted_groups[k]) {
      if (unit_of[static_cast<size_t>(id)] >= 0) {
        return InvalidArgument("partition: node '" + g.node(id).name + "' is in two engine groups");
      }
      unit_of[static_cast<size_t>(id)] = static_cast<int>(k);
    }
  }
  std::vector<ir::NodeId> unit_node;  // for native units
  std::vector<int> unit_rank;         // smallest topological index of the unit's nodes
  const int num_groups = static_cast<int>(sorted_groups.size());
  for (const auto& grp : sorted_groups) unit_rank.push_back(info.pos[static_cast<size_t>(grp.front())]);
  unit_node.assign(static_cast<size_t>(num_groups), ir::kNoNode);
  for (ir::NodeId id : info.order) {
    if (unit_of[static_cast<size_t>(id)] >= 0) continue;
    unit_of[static_cast<size_t>(id)] = static_cast<int>(unit_node.size());
    unit_node.push_back(id);
    unit_rank.push_back(info.pos[static_cast<size_t>(id)]);
  }
  const int num_units = static_cast<int>(unit_node.size());

  // Topological order of the contracted graph (Kahn, earliest original position first).
  std::vector<std::set<int>> unit_succ(static_cast<size_t>(num_units));
  std::vector<int> pending(static_cast<size_t>(num_units), 0);
  for (ir::NodeId id : info.order) {
    int u = unit_of[static_cast<size_t>(id)];
    for (ir::ValueId v : g.node(id).inputs) {
      if (v == ir::kNoValue) continue;
      ir::NodeId p = g.value(v).producer;
      if (p == ir::kNoNode || info.pos[static_cast<size_t>(p)] < 0) continue;
      int pu = unit_of[static_cast<size_t>(p)];
      if (pu != u && unit_succ[static_cast<size_t>(pu)].insert(u).second) ++pending[static_cast<size_t>(u)];
    }
  }
  using Ready = std::pair<int, int>;  // (rank, unit)
  std::priority_queue<Ready, std::vector<Ready>, std::greater<Ready>> ready;
  for (int u = 0; u < num_units; ++u) {
    if (pending[static_cast<size_t>(u)] == 0) ready.emplace(unit_rank[static_cast<size_t>(u)], u);
  }
  std::vector<int> unit_order;
  while (!ready.empty()) {
    int u = ready.top().second;
    ready.pop();
    unit_order.push_back(u);
    for (int s : unit_succ[static_cast<size_t>(u)]) {
      if (--pending[static_cast<size_t>(s)] == 0) ready.emplace(unit_rank[static_cast<size_t>(s)], s);
    }
  }
  if (static_cast<int>(unit_order.size()) != num_units) {
    return InvalidGraph("partition: replacing the groups by engine nodes would make a cycle (" +
                        std::to_string(num_units - static_cast<int>(unit_order.size())) +
                        " node(s) never become ready); a group must not both feed and wait for a node outside it");
  }

  // Subgraphs and engine names.
  std::set<std::string> node_names;
  for (ir::NodeId id : info.order) node_names.insert(g.node(id).name);
  const std::string base = backend.empty() ? std::string("engine") : backend + "_engine";
  struct EngineUnit {
    std::string name;
    std::shared_ptr<const ir::Graph> subgraph;
    std::vector<ir::ValueId> inputs, outputs;
  };
  std::vector<EngineUnit> engines(static_cast<size_t>(num_groups));
  int next_index = 0;
  for (int k : unit_order) {  // names numbered in the rewritten graph's order
    if (k >= num_groups) continue;
    EngineUnit& e = engines[static_cast<size_t>(k)];
    e.subgraph = Extract(g, info, sorted_groups[static_cast<size_t>(k)], &e.inputs, &e.outputs);
    do {
      e.name = base + "_" + std::to_string(next_index++);
    } while (node_names.count(e.name));
    node_names.insert(e.name);
  }

  // The rewritten graph: every value copied with its id, nodes re-added in contracted order,
  // then Compact() drops the groups' internal values and the constants only they used.
  ir::Graph out;
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    const ir::Value& val = g.value(v);
    ir::ValueId nv = out.AddValue(val.name, val.dtype, val.shape);
    out.mutable_value(nv).constant = val.constant;
  }
  for (ir::ValueId v : g.inputs()) out.AddInput(v);
  for (ir::ValueId v : g.outputs()) out.AddOutput(v);
  for (int u : unit_order) {
    if (u < num_groups) {
      const EngineUnit& e = engines[static_cast<size_t>(u)];
      out.AddNode(e.name, ir::OpKind::kEngine, e.inputs, e.outputs, ir::EngineAttrs{backend, e.subgraph});
    } else {
      const ir::Node& n = g.node(unit_node[static_cast<size_t>(u)]);
      out.AddNode(n.name, n.kind, n.inputs, n.outputs, n.attrs);
    }
  }
  out.Compact();
  OAR_RETURN_IF_ERROR(ir::VerifyGraph(out).WithPrefix("partition: rewritten graph: "));

  // Reports in the rewritten graph's node order.
  for (int u : unit_order) {
    if (u >= num_groups) continue;
    const EngineUnit& e = engines[static_cast<size_t>(u)];
    EngineGroupReport r;
    r.engine_node = e.name;
    for (ir::NodeId id : sorted_groups[static_cast<size_t>(u)]) r.members.push_back({g.node(id).name, g.node(id).kind});
    for (ir::ValueId v : e.inputs) r.inputs.push_back(g.value(v).name);
    for (ir::ValueId v : e.outputs) r.outputs.push_back(g.value(v).name);
    reports->push_back(std::move(r));
  }
  return out;
}

}  // namespace oar::partition
