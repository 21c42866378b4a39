// The driver loop shared by the fusions that grow one anchor node at a time (conv_bias_act_fuse,
// fc_fuse): each anchor absorbs followers while the pass's Matches finds one, through its Rewrite.
#pragma once

#include <functional>
#include <optional>

#include "ir/graph.h"
#include "passes/pass_util.h"

namespace oar::passes {

/// Tries one fusion at `anchor` with fresh consumers; true when it rewrote the graph.
using FuseOnceFn = std::function<bool(ir::Graph& graph, const ConsumerMap& consumers, ir::NodeId anchor)>;

/// For each live node of kind `anchor_kind` (the live nodes when the call starts, in stored
/// order, skipping those removed meanwhile), calls `fuse_once` with consumers recomputed before
/// each call until it returns false: one anchor may absorb several followers in a row.
/// Returns the number of rewrites (the pass's statistic).
int FuseAtAnchors(ir::Graph& graph, ir::OpKind anchor_kind, const FuseOnceFn& fuse_once);

/// FuseAtAnchors with a pass's Matches/Rewrite pair (the rejection reasons are logged by them).
template <typename Match>
int FuseAtAnchors(ir::Graph& graph, ir::OpKind anchor_kind,
                  std::optional<Match> (*matches)(const ir::Graph&, const ConsumerMap&, ir::NodeId),
                  void (*rewrite)(ir::Graph&, const Match&)) {
  return FuseAtAnchors(graph, anchor_kind, [&](ir::Graph& g, const ConsumerMap& consumers, ir::NodeId anchor) {
    std::optional<Match> m = matches(g, consumers, anchor);
    if (!m) return false;
    rewrite(g, *m);
    return true;
  });
}

}  // namespace oar::passes
