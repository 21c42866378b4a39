#include "partition/grouping.h"

#include <algorithm>
#include <numeric>

#include "core/logging.h"

namespace oar::partition {

namespace {

/// A merge the cycle check refused: producer -> consumer edge (topological indices) and the
/// first node of the other path that would close a cycle.
struct BlockedEdge {
  int producer = -1;
  int consumer = -1;
  int through = -1;
};

/// The DAG of the live nodes in topological index space, and the clusters being contracted.
class Contraction {
 public:
  Contraction(const ir::Graph& graph, const std::vector<ir::NodeId>& order) {
    const int n = static_cast<int>(order.size());
    std::vector<int> pos(static_cast<size_t>(graph.num_nodes()), -1);
    for (int i = 0; i < n; ++i) pos[static_cast<size_t>(order[static_cast<size_t>(i)])] = i;
    succ_.resize(static_cast<size_t>(n));
    pred_.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      for (ir::ValueId v : graph.node(order[static_cast<size_t>(i)]).inputs) {
        if (v == ir::kNoValue) continue;
        ir::NodeId p = graph.value(v).producer;
        if (p == ir::kNoNode || pos[static_cast<size_t>(p)] < 0) continue;
        pred_[static_cast<size_t>(i)].push_back(pos[static_cast<size_t>(p)]);
        succ_[static_cast<size_t>(pos[static_cast<size_t>(p)])].push_back(i);
      }
    }
    for (auto* lists : {&succ_, &pred_}) {
      for (auto& l : *lists) {
        std::sort(l.begin(), l.end());
        l.erase(std::unique(l.begin(), l.end()), l.end());
      }
    }
    parent_.resize(static_cast<size_t>(n));
    std::iota(parent_.begin(), parent_.end(), 0);
    members_.resize(static_cast<size_t>(n));
    max_pos_.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      members_[static_cast<size_t>(i)] = {i};
      max_pos_[static_cast<size_t>(i)] = i;
    }
  }

  int size() const { return static_cast<int>(parent_.size()); }
  const std::vector<int>& preds(int i) const { return pred_[static_cast<size_t>(i)]; }
  const std::vector<int>& members(int root) const { return members_[static_cast<size_t>(root)]; }

  int Find(int i) {
    while (parent_[static_cast<size_t>(i)] != i) {
      parent_[static_cast<size_t>(i)] = parent_[static_cast<size_t>(parent_[static_cast<size_t>(i)])];
      i = parent_[static_cast<size_t>(i)];
    }
    return i;
  }

  /// True when clusters `a` -> `b` (a direct edge exists) can be contracted without a cycle,
  /// i.e. no path of two or more steps leads from `a` to `b`. Otherwise *through is the first
  /// node of such a path.
  bool CanMerge(int a, int b, int* through) {
    // Every edge points forward in topological order, so nodes after b's last member cannot
    // lead into b.
    const int limit = max_pos_[static_cast<size_t>(b)];
    std::vector<char> visited(static_cast<size_t>(size()), 0);
    std::vector<std::pair<int, int>> stack;  // (node, first node of the path after a)
    for (int m : members(a)) {
      for (int s : succ_[static_cast<size_t>(m)]) {
        int r = Find(s);
        if (r != a && r != b && s <= limit) stack.emplace_back(s, s);
      }
    }
    while (!stack.empty()) {
      auto [x, first] = stack.back();
      stack.pop_back();
      int r = Find(x);
      if (visited[static_cast<size_t>(r)]) continue;
      visited[static_cast<size_t>(r)] = 1;
      for (int m : members(r)) {
        for (int s : succ_[static_cast<size_t>(m)]) {
          int rs = Find(s);
          if (rs == b) {
            *through = first;
            return false;
          }
          if (rs != r && s <= limit && !visited[static_cast<size_t>(rs)]) stack.emplace_back(s, first);
        }
      }
    }
    return true;
  }

  void Merge(int a, int b) {
    auto& ma = members_[static_cast<size_t>(a)];
    auto& mb = members_[static_cast<size_t>(b)];
    ma.insert(ma.end(), mb.begin(), mb.end());
    std::sort(ma.begin(), ma.end());
    mb.clear();
    max_pos_[static_cast<size_t>(a)] = std::max(max_pos_[static_cast<size_t>(a)], max_pos_[static_cast<size_t>(b)]);
    parent_[static_cast<size_t>(b)] = a;
  }

 private:
  std::vector<std::vector<int>> succ_, pred_;
  std::vector<int> parent_;
  std::vector<std::vector<int>> members_;  // valid at roots
  std::vector<int> max_pos_;               // valid at roots
};

std::string NodeRef(const ir::Graph& g, ir::NodeId id) {
  const ir::Node& n = g.node(id);
  return "'" + n.name + "' (" + ir::OpKindName(n.kind) + ")";
}

std::string PluralNodes(size_t k) { return std::to_string(k) + (k == 1 ? " node" : " nodes"); }

}  // namespace

StatusOr<Grouping> FindEngineGroups(const ir::Graph& graph, const CapabilityFn& supports,
                                    const PartitionOptions& options) {
  OAR_ASSIGN_OR_RETURN(std::vector<ir::NodeId> order, graph.TopologicalOrder());
  const int n = static_cast<int>(order.size());
  const std::string backend = options.backend.empty() ? std::string("(unnamed)") : options.backend;
  auto id_of = [&](int i) { return order[static_cast<size_t>(i)]; };

  // 1. Per-node decision: user deny lists, then the backend.
  std::vector<char> candidate(static_cast<size_t>(n), 0);
  std::vector<std::string> reason(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const ir::Node& node = graph.node(id_of(i));
    std::string& why = reason[static_cast<size_t>(i)];
    if (node.kind == ir::OpKind::kEngine) {
      const auto* a = std::get_if<ir::EngineAttrs>(&node.attrs);
      why = "already an engine node (backend " + (a ? a->backend : std::string("?")) + ")";
    } else if (options.deny_kinds.count(node.kind) || options.deny_node_names.count(node.name)) {
      why = "denied by the user (DisableEngineOps)";
    } else {
      SupportResult r = supports(graph, id_of(i));
      if (r.supported) {
        candidate[static_cast<size_t>(i)] = 1;
      } else {
        why = "not supported by backend " + backend + ": " +
              (r.reason.empty() ? std::string("(the backend gave no reason)") : r.reason);
      }
    }
  }

  // 2. Contract producer -> consumer edges between candidates until a fixed point.
  Contraction c(graph, order);
  std::vector<BlockedEdge> blocked;
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < n; ++i) {
      if (!candidate[static_cast<size_t>(i)]) continue;
      for (int p : c.preds(i)) {
        if (!candidate[static_cast<size_t>(p)]) continue;
        int a = c.Find(p), b = c.Find(i);
        if (a == b) continue;
        int through = -1;
        if (c.CanMerge(a, b, &through)) {
          c.Merge(a, b);
          changed = true;
        } else {
          blocked.push_back(BlockedEdge{p, i, through});
          OAR_VLOG(2, "partition: not merging " << NodeRef(graph, id_of(p)) << " with " << NodeRef(graph, id_of(i))
                                                << ": a path through " << NodeRef(graph, id_of(through))
                                                << " would make a cycle");
        }
      }
    }
  }

  // 3. Keep the groups of at least min_subgraph_size nodes.
  const size_t min_size = static_cast<size_t>(std::max(1, options.min_subgraph_size));
  Grouping out;
  std::vector<char> grouped(static_cast<size_t>(n), 0);
  std::vector<std::pair<int, std::vector<ir::NodeId>>> kept;  // (first topological index, nodes)
  for (int i = 0; i < n; ++i) {
    if (!candidate[static_cast<size_t>(i)] || c.Find(i) != i) continue;
    const std::vector<int>& members = c.members(i);  // sorted
    if (members.size() >= min_size) {
      std::vector<ir::NodeId> group;
      for (int m : members) {
        group.push_back(id_of(m));
        grouped[static_cast<size_t>(m)] = 1;
      }
      kept.emplace_back(members.front(), std::move(group));
      continue;
    }
    std::string why = "group of " + PluralNodes(members.size()) + " is below min_subgraph_size " +
                      std::to_string(options.min_subgraph_size);
    // When a refused merge is what kept the group small, say so first.
    for (const BlockedEdge& e : blocked) {
      int rp = c.Find(e.producer), rc = c.Find(e.consumer);
      if (rp == rc || (rp != i && rc != i)) continue;
      int other = rp == i ? e.consumer : e.producer;
      why = "would create a cycle through op " + NodeRef(graph, id_of(e.through)) + " if merged with the group of '" +
            graph.node(id_of(other)).name + "'; alone, its " + why;
      break;
    }
    for (int m : members) reason[static_cast<size_t>(m)] = why;
  }
  // A cluster's root is not always its first node, so order the groups explicitly.
  std::sort(kept.begin(), kept.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& k : kept) out.groups.push_back(std::move(k.second));
  for (int i = 0; i < n; ++i) {
    if (grouped[static_cast<size_t>(i)]) continue;
    out.native.push_back(NativeDecision{id_of(i), reason[static_cast<size_t>(i)]});
    OAR_VLOG(2, "partition: " << NodeRef(graph, id_of(i)) << " stays native: " << reason[static_cast<size_t>(i)]);
  }
  return out;
}

}  // namespace oar::partition
