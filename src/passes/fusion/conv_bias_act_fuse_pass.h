// conv_bias_act_fuse: moves what follows a Conv2d into the conv's fused form
// (attrs.h: y = act(conv(x) + bias + sum)). Three rewrites, applied to each conv repeatedly:
//
// (bias) add of a per-channel f32 constant ([M,1,1], [1,M,1,1], scalar; either operand order):
//   conv2d($w, [$b]) ──▶ %y ──▶ add(%y, $c) ──▶ %z     ==>   conv2d($w, $b + $c) ──▶ %z
//
// (residual) add of another tensor of exactly the conv output's shape (the shortcut of a
// residual block), which oneDNN computes as a "sum" post-op:
//   %r ─────────────────────────┐
//   conv2d($w, $b) ──▶ %y ──▶ add(%y, %r) ──▶ %z        ==>   conv2d($w, $b, _, %r) ──▶ %z
//   (%r produced before the conv in stored order: the conv may then read it without a cycle)
//
// (activation) Relu, Clip, LeakyRelu, HardSwish, HardSigmoid, Sigmoid, Swish:
//   conv2d(...) ──▶ %y ──▶ relu ──▶ %z                  ==>   conv2d(...){activation=relu} ──▶ %z
//
// So conv -> add(bias) -> add(shortcut) -> relu becomes one conv. Every rewrite needs: %y used
// only by the follower and no graph output, f32 dtypes, no activation fused yet (the
// activation must come last); the residual rewrite also needs no residual fused yet, the
// other operand %r of the same shape as %y (unknown dims at the same positions are taken as
// equal, see SameShapeUpToUnknownDims) and %r produced by a node stored before the conv (or a
// graph input). When both operands of an add are conv outputs, the conv stored later takes
// the other as its residual. The conv takes over the follower's output, keeping its name.
#pragma once

#include <optional>

#include "passes/fusion/conv_fold_util.h"
#include "passes/pass.h"
#include "passes/pass_util.h"

namespace oar::passes {

class ConvBiasActFusePass final : public Pass {
 public:
  enum class Kind { kBias, kResidual, kActivation };
  struct Match {
    Kind kind = Kind::kBias;
    ir::NodeId conv = ir::kNoNode;
    ir::NodeId follower = ir::kNoNode;
    ChannelAffine bias;                   // kBias: shift per channel
    ir::ValueId residual = ir::kNoValue;  // kResidual
    ir::FusedActivation activation;       // kActivation
  };

  explicit ConvBiasActFusePass(const PassOptions& options) { (void)options; }
  static const PassInfo& Info();
  const PassInfo& info() const override { return Info(); }
  /// Returns the number of followers fused.
  StatusOr<int> Run(ir::Graph& graph) override;

  static std::optional<Match> Matches(const ir::Graph& graph, const ConsumerMap& consumers, ir::NodeId conv);
  static void Rewrite(ir::Graph& graph, const Match& match);
};

}  // namespace oar::passes
