// Folding a per-output-channel affine map z[m] = scale[m] * y[m] + shift[m] into the Conv2d that
// produces y: W'[m] = scale[m] * W[m], B'[m] = scale[m] * B[m] + shift[m]. Shared by conv_bn_fuse
// (BatchNorm, Mul, Scale) and conv_bias_act_fuse (Add of a per-channel constant). Computed in
// double; new weights are new constants (the old ones may be shared with other nodes).
#pragma once

#include <string>
#include <vector>

#include "ir/graph.h"

namespace oar::passes {

struct ChannelAffine {
  std::vector<double> scale;  // empty: all 1 (shift only)
  std::vector<double> shift;  // one per output channel
};

/// Output channels M of Conv2d `conv` (its weight's dim 0), or -1 when unknown.
int64_t ConvOutputChannels(const ir::Graph& graph, ir::NodeId conv);

/// Why Conv2d `conv` cannot absorb a per-channel affine map, or "" when it can. Always needed:
/// an f32 output, no fused activation, a bias that is absent or an f32 constant of M elements,
/// and M known. With `scales` also: constant f32 weights and no fused residual (scaling the
/// conv would scale the residual too).
std::string ConvAffineRefusal(const ir::Graph& graph, ir::NodeId conv, bool scales);

/// Rewrites the conv's weight (when `affine.scale` is not empty) and bias inputs. Precondition:
/// ConvAffineRefusal(graph, conv, !affine.scale.empty()) is "", and the vectors have M entries.
void FoldAffineIntoConv(ir::Graph& graph, ir::NodeId conv, const ChannelAffine& affine);

}  // namespace oar::passes
