// conv_bn_fuse: folds a per-channel affine op that follows a Conv2d into the conv's weights and
// bias.
//
//   %x ──▶ conv2d($w, [$b]) ──▶ %y ──▶ batch_norm($scale, $bias, $mean, $var) ──▶ %z
//   ==>
//   %x ──▶ conv2d($w', $b') ──▶ %z
//
//   s = scale / sqrt(var + epsilon),  w'[m] = s[m] * w[m],  b' = s * (b - mean) + bias
//
// The follower may also be Mul by a per-channel f32 constant ([M], [M,1,1], [1,M,1,1] or a
// scalar, either operand order): s = c, shift 0; or Scale (no ScaleTensor, or a constant one):
// s = scale, shift = bias (bias_after_scale) or scale * bias. All arithmetic in double.
//
// Preconditions (Matches; each refusal is logged at OAR_VLOG(2)): %y's only use is the
// follower and %y is no graph output; the conv has constant f32 weights, a constant f32 bias
// or none, no fused activation and no fused residual; the follower's parameters are f32
// constants of M elements (BatchNorm) or broadcast per channel (Mul); var + epsilon > 0.
// The conv takes over %z, so the follower's output keeps its name.
#pragma once

#include <optional>

#include "passes/fusion/conv_fold_util.h"
#include "passes/pass.h"
#include "passes/pass_util.h"

namespace oar::passes {

class ConvBnFusePass final : public Pass {
 public:
  struct Match {
    ir::NodeId conv = ir::kNoNode;
    ir::NodeId follower = ir::kNoNode;
    ChannelAffine affine;
  };

  explicit ConvBnFusePass(const PassOptions& options) { (void)options; }
  static const PassInfo& Info();
  const PassInfo& info() const override { return Info(); }
  /// Returns the number of followers folded.
  StatusOr<int> Run(ir::Graph& graph) override;

  static std::optional<Match> Matches(const ir::Graph& graph, const ConsumerMap& consumers, ir::NodeId conv);
  static void Rewrite(ir::Graph& graph, const Match& match);
};

}  // namespace oar::passes
