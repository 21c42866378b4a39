// Internal to the CPU engine's oneDNN network: one builder per layer kind. Each turns the node the
// NetBuilder is at into primitives over placements (onednn_net_builder.h), reading its inputs in
// the layout the previous layers left them in wherever the primitive takes that layout.
//
// | kind | primitive | layouts, precision |
// |---|---|---|
// | conv2d | convolution (bias, post-ops sum + eltwise) | src/weights/dst chosen by oneDNN (format any); residual summed in place when it is not read later; bf16 in a bf16 network (f32 dst when only f32 readers follow) |
// | pool2d | pooling max / avg (exclusive or not), global, ceil_mode | the input's layout and data type |
// | unary activations, scale, clip | eltwise (one or two in a row) | the input's; in place when the input is not read later |
// | add, sub, mul, div, max, min | binary with broadcasting of the second operand | first operand's layout; in place likewise |
// | pow with a constant scalar exponent | eltwise pow | |
// | batch_norm | batch normalization (global stats, scale, shift) | the input's |
// | lrn | LRN across channels | the input's |
// | softmax | softmax | plain f32 (also in bf16 networks) |
// | matmul | matmul (output scale, bias and activation as post-ops) | plain operands; constant B packed once; bf16 in a bf16 network |
// | concat | concat | the inputs' (one data type) |
// | reshape, flatten, squeeze, unsqueeze, identity | none: a view of the input's plain bytes | |
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

}  // namespace oar::engine::cpu::onednn_net

#endif  // OAR_WITH_ONEDNN
