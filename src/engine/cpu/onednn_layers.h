// Internal to the CPU engine's oneDNN network: one builder per layer kind. Each turns the node the
// NetBuilder is at into primitives over placements (onednn_net_builder.h), reading its inputs in
// the layout the previous layers left them in wherever the primitive takes that layout.
//
//   conv2d        convolution with bias and post-ops (residual sum, activation); src/weights/dst in
//                 the network's layout (oneDNN's pick, or channel blocks); the residual is summed in
//                 place when nothing reads it later; bf16 in a bf16 network (f32 dst when only f32
//                 readers follow).
//   pool2d        pooling max / avg (exclusive or not), global, ceil_mode; the input's layout/type.
//   unary ops     eltwise (one or two in a row: relu, leaky_relu, sigmoid, tanh, exp, sqrt, gelu,
//                 swish, clip, hard_sigmoid, hard_swish 6/6/3, scale); in place when possible.
//   add/sub/mul/  binary with broadcasting of the second operand (the first for commutative ops);
//   div/max/min   the first operand's layout; in place likewise.
//   pow           eltwise pow for a constant scalar exponent.
//   batch_norm    batch normalization (global stats, scale, shift); the input's layout.
//   lrn           LRN across channels; the input's layout.
//   softmax       softmax on plain f32 (also in bf16 networks).
//   matmul        matmul with output scale, bias and activation post-ops, constant B packed once;
//                 an f32 inner product for <= 4 rows by a constant matrix (onednn_matmul_layer.cc).
//   concat        concat of the inputs in their layouts (one data type).
//   reshape, flatten, squeeze, unsqueeze, identity: no primitive -- a view of the input's plain
//                 bytes (identity: of its bytes as they are).
//
// Anything else (or a node a builder declines, with the reason) runs through the registry kernel.
#pragma once

#ifdef OAR_WITH_ONEDNN

#include <string>

#include "engine/cpu/onednn_net_builder.h"

namespace oar::engine::cpu::onednn_net {

/// Builds `node` (the builder's current node) with oneDNN. When the node is outside what the
/// primitives handle, sets *declined to the reason and adds nothing. May throw dnnl::error while
/// creating primitive descriptors (the caller then declines the node).
Status BuildLayer(NetBuilder& b, const ir::Node& node, std::string* declined);

// One builder per file beyond onednn_layers.cc, same contract as BuildLayer (inputs f32, present).
Status BuildMatMul(NetBuilder& b, const ir::Node& node, std::string* declined);

/// Helpers of the layer builders.
inline Status Decline(std::string* declined, std::string why) {
  *declined = std::move(why);
  return Status::OK();
}
inline std::string ImplName(const dnnl::primitive_desc_base& pd) { return pd.impl_info_str(); }

}  // namespace oar::engine::cpu::onednn_net

#endif  // OAR_WITH_ONEDNN
