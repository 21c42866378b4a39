#include "passes/fusion/conv_fold_util.h"

#include "passes/pass_util.h"

namespace oar::passes {

int64_t ConvOutputChannels(const ir::Graph& graph, ir::NodeId conv) {
  const ir::ValueId w = InputOrNone(graph.node(conv), 1);
  if (w == ir::kNoValue) return -1;
  const Shape& s = graph.value(w).shape;
  return s.rank() == 4 ? s[0] : -1;
}

std::string ConvAffineRefusal(const ir::Graph& graph, ir::NodeId conv, bool scales) {
  const ir::Node& n = graph.node(conv);
  if (n.kind != ir::OpKind::kConv2d) return "not a conv2d";
  if (!n.attr<ir::Conv2dAttrs>().activation.none()) return "the conv already has a fused activation";
  if (graph.value(n.outputs[0]).dtype != DType::kFloat32) {
    return std::string("conv output dtype is ") + DTypeName(graph.value(n.outputs[0]).dtype) + ", not f32";
  }
  const int64_t m = ConvOutputChannels(graph, conv);
  if (m < 0) return "the conv's output channel count is unknown";
  const ir::ValueId b = InputOrNone(n, 2);
  if (b != ir::kNoValue) {
    const Tensor* bias = ConstantF32(graph, b);
    if (!bias) return "the conv bias '" + graph.value(b).name + "' is not an f32 constant";
    if (bias->numel() != m)
      return "the conv bias has " + std::to_string(bias->numel()) + " elements, not " + std::to_string(m);
  }
  if (scales) {
    if (!ConstantF32(graph, n.inputs[1]))
      return "the conv weight '" + graph.value(n.inputs[1]).name + "' is not an f32 constant";
    if (InputOrNone(n, 3) != ir::kNoValue) return "the conv has a fused residual, which a scale would also scale";
  }
  return "";
}

void FoldAffineIntoConv(ir::Graph& graph, ir::NodeId conv, const ChannelAffine& affine) {
  const ir::Node& n = graph.node(conv);
  const std::string name = n.name;
  const int64_t m = ConvOutputChannels(graph, conv);
  const bool scaled = !affine.scale.empty();
  ir::ValueId new_w = n.inputs[1];
  if (scaled) {
    const Tensor& w = *graph.value(n.inputs[1]).constant;
    const int64_t per = w.numel() / m;
    std::vector<double> values(static_cast<size_t>(w.numel()));
    const float* src = w.data<float>();
    for (int64_t c = 0; c < m; ++c) {
      const double s = affine.scale[static_cast<size_t>(c)];
      for (int64_t i = 0; i < per; ++i) values[static_cast<size_t>(c * per + i)] = s * src[c * per + i];
    }
    new_w = AddF32Constant(graph, name + ".w_folded", w.shape(), values);
  }
  const Tensor* old_b = ConstantF32(graph, InputOrNone(n, 2));
  std::vector<double> bias(static_cast<size_t>(m));
  for (int64_t c = 0; c < m; ++c) {
    const double b = old_b ? old_b->data<float>()[c] : 0.0;
    const double s = scaled ? affine.scale[static_cast<size_t>(c)] : 1.0;
    bias[static_cast<size_t>(c)] = s * b + affine.shift[static_cast<size_t>(c)];
  }
  const ir::ValueId new_b = AddF32Constant(graph, name + ".b_folded", Shape{m}, bias);
  ir::Node& node = graph.mutable_node(conv);
  node.inputs[1] = new_w;
  if (node.inputs.size() < 3) node.inputs.resize(3, ir::kNoValue);
  node.inputs[2] = new_b;
}

}  // namespace oar::passes
