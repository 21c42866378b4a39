// fc_fuse: a MatMul by a constant weight, followed by a bias add and an activation, becomes
// one MatMul with a bias input and a fused activation (attrs.h: y = act(alpha * A @ B + bias)).
//
//   %x ──▶ matmul(%x, $w) ──▶ %y ──▶ add(%y, $c) ──▶ %z ──▶ relu ──▶ %r
//   ==>
//   %x ──▶ matmul(%x, $w, $c'){activation=relu} ──▶ %r          ($c' = $c as [N])
//
// (bias) the add's other operand is an f32 constant that varies at most along the last dim
// ([N], [1,N], [1,...,1,N] or a scalar, N = the result's last dim; either operand order) and
// the MatMul has no bias yet. (activation) Relu, Clip, LeakyRelu, HardSwish, HardSigmoid,
// Sigmoid, Swish after a MatMul with a constant weight, with or without bias.
// Both need: B an f32 constant of rank >= 2, %y used only by the follower and no graph output,
// f32 dtypes, no activation fused yet. The MatMul takes over the follower's output.
#pragma once

#include <optional>
#include <vector>

#include "passes/pass.h"
#include "passes/pass_util.h"

namespace oar::passes {

class FcFusePass final : public Pass {
 public:
  enum class Kind { kBias, kActivation };
  struct Match {
    Kind kind = Kind::kBias;
    ir::NodeId matmul = ir::kNoNode;
    ir::NodeId follower = ir::kNoNode;
    std::vector<double> bias;        // kBias: N values
    ir::FusedActivation activation;  // kActivation
  };

  explicit FcFusePass(const PassOptions& options) { (void)options; }
  static const PassInfo& Info();
  const PassInfo& info() const override { return Info(); }
  /// Returns the number of followers fused.
  StatusOr<int> Run(ir::Graph& graph) override;

  static std::optional<Match> Matches(const ir::Graph& graph, const ConsumerMap& consumers, ir::NodeId matmul);
  static void Rewrite(ir::Graph& graph, const Match& match);
};

}  // namespace oar::passes
