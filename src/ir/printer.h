// Readable text form of a graph, one node per line:
//   graph(%image: f32[?,3,224,224]) {
//     %conv_0.out = conv2d(%image, $conv_0.w: f32[64,3,7,7]) {strides=[2,2], pads=[3,3,3,3], ...}
//     return %softmax.out
//   }
// Values are `%name`, constants `$name: dtype[shape]`, absent optional inputs `_`.
#pragma once

#include <string>

#include "ir/graph.h"

namespace oar::ir {

std::string PrintGraph(const Graph& graph);
/// One node's line (no indentation or newline).
std::string PrintNode(const Graph& graph, NodeId id);
/// The attributes of a node as "{key=value, ...}" ("" for NoAttrs).
std::string PrintAttrs(const Attrs& attrs);

}  // namespace oar::ir
