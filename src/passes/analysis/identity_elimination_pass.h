// identity_elimination: removes nodes that return their input unchanged.
//
//   ── %x ──▶ identity ──▶ %y ──▶ consumers        ── %x ──▶ consumers
//
// Identities: Identity; Scale with scale 1 and bias 0 (no ScaleTensor, or a constant one
// holding 1); Reshape, Flatten, Squeeze, Unsqueeze whose input and output have the same fully
// static shape; Cast to the input's own dtype.
//
// Rewiring keeps the names users see. When %y is not a graph output, its uses read %x. When %y
// is a graph output, the node producing %x writes %y instead (and %x's other uses read %y), so
// the output keeps its name:
//
//   P ──▶ %x ──▶ identity ──▶ %y (graph output)   ==>   P ──▶ %y (graph output)
//
// That needs %x to come from a node and to be no graph output itself; when %x is a graph input,
// a constant or another graph output the identity stays (it is what gives the output its name).
#pragma once

#include <optional>

#include "passes/pass.h"
#include "passes/pass_util.h"

namespace oar::passes {

class IdentityEliminationPass final : public Pass {
 public:
  /// An identity node and how to remove it.
  struct Match {
    ir::NodeId node = ir::kNoNode;
    ir::ValueId input = ir::kNoValue;   // %x
    ir::ValueId output = ir::kNoValue;  // %y
    bool output_is_graph_output = false;
  };

  explicit IdentityEliminationPass(const PassOptions& options) { (void)options; }
  static const PassInfo& Info();
  const PassInfo& info() const override { return Info(); }
  /// Returns the number of nodes removed.
  StatusOr<int> Run(ir::Graph& graph) override;

  /// Whether node `id` is an identity that can be removed (reasons for refusals at OAR_VLOG(2)).
  static std::optional<Match> Matches(const ir::Graph& graph, ir::NodeId id);
  static void Rewrite(ir::Graph& graph, const Match& match);
};

}  // namespace oar::passes
