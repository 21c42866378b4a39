#include "passes/fusion/conv_bias_act_fuse_pass.h"

#include "core/logging.h"
#include "passes/fusion/fusion_util.h"

namespace oar::passes {

namespace {

#define OAR_CONV_ACT_REJECT(graph, conv, why)                                                        \
  do {                                                                                               \
    OAR_VLOG(2, "conv_bias_act_fuse: not fusing into " << DescribeNode(graph, conv) << ": " << why); \
    return std::nullopt;                                                                             \
  } while (0)

bool IsBinaryAdd(const ir::Node& n) {
  return (n.kind == ir::OpKind::kAdd || n.kind == ir::OpKind::kSum) && n.inputs.size() == 2 &&
         n.inputs[0] != ir::kNoValue && n.inputs[1] != ir::kNoValue;
}

}  // namespace

const PassInfo& ConvBiasActFusePass::Info() {
  static const PassInfo info{"conv_bias_act_fuse", 2,
                             "fuse per-channel bias adds, residual adds and activations into Conv2d"};
  return info;
}

std::optional<ConvBiasActFusePass::Match> ConvBiasActFusePass::Matches(const ir::Graph& graph,
                                                                       const ConsumerMap& consumers, ir::NodeId conv) {
  const ir::Node& c = graph.node(conv);
  if (c.kind != ir::OpKind::kConv2d) return std::nullopt;
  const ir::ValueId y = c.outputs[0];
  std::string why;
  const ir::NodeId f = SoleConsumer(graph, consumers, y, &why);
  if (f == ir::kNoNode) return std::nullopt;
  const ir::Node& follower = graph.node(f);
  std::optional<ir::FusedActivation> act = ActivationOfNode(follower);
  if (!act && !IsBinaryAdd(follower)) return std::nullopt;
  const auto& attrs = c.attr<ir::Conv2dAttrs>();
  if (!attrs.activation.none()) {
    OAR_CONV_ACT_REJECT(graph, conv, "it already has a fused activation (follower " << DescribeNode(graph, f) << ")");
  }
  const ir::Value& yv = graph.value(y);
  const ir::Value& zv = graph.value(follower.outputs[0]);
  if (yv.dtype != DType::kFloat32 || zv.dtype != DType::kFloat32) {
    OAR_CONV_ACT_REJECT(graph, conv, "dtype " << DTypeName(yv.dtype) << " -> " << DTypeName(zv.dtype) << " is not f32");
  }
  Match match;
  match.conv = conv;
  match.follower = f;
  if (act) {
    match.kind = Kind::kActivation;
    match.activation = *act;
    return match;
  }
  const ir::ValueId other = follower.inputs[0] == y ? follower.inputs[1] : follower.inputs[0];
  const ir::Value& ov = graph.value(other);
  if (ov.is_constant()) {
    const int64_t m = ConvOutputChannels(graph, conv);
    why = ConvAffineRefusal(graph, conv, /*scales=*/false);
    if (!why.empty()) OAR_CONV_ACT_REJECT(graph, conv, why);
    const Tensor* cst = ConstantF32(graph, other);
    std::optional<std::vector<double>> shift = cst ? PerChannelValues(*cst, 4, 1, m) : std::nullopt;
    if (!shift) {
      OAR_CONV_ACT_REJECT(graph, conv,
                          "constant addend " << DTypeName(ov.dtype) << ov.shape.ToString() << " of "
                                             << DescribeNode(graph, f) << " is not an f32 per-channel bias");
    }
    match.kind = Kind::kBias;
    match.bias.shift = std::move(*shift);
    return match;
  }
  if (InputOrNone(c, 3) != ir::kNoValue) {
    OAR_CONV_ACT_REJECT(graph, conv, "it already has a fused residual (follower " << DescribeNode(graph, f) << ")");
  }
  if (ov.dtype != DType::kFloat32) OAR_CONV_ACT_REJECT(graph, conv, "residual '" << ov.name << "' is not f32");
  if (!SameShapeUpToUnknownDims(ov.shape, yv.shape) || !SameShapeUpToUnknownDims(zv.shape, yv.shape)) {
    OAR_CONV_ACT_REJECT(graph, conv,
                        "residual '" << ov.name << "' " << ov.shape.ToString()
                                     << " does not have the conv output's shape " << yv.shape.ToString());
  }
  if (ov.producer != ir::kNoNode && ov.producer >= conv) {
    OAR_CONV_ACT_REJECT(graph, conv, "residual '" << ov.name << "' is produced after the conv");
  }
  match.kind = Kind::kResidual;
  match.residual = other;
  return match;
}

void ConvBiasActFusePass::Rewrite(ir::Graph& graph, const Match& match) {
  static const char* const kKinds[] = {"bias", "residual", "activation"};
  OAR_VLOG(2, "conv_bias_act_fuse: fusing " << DescribeNode(graph, match.follower) << " into "
                                            << DescribeNode(graph, match.conv) << " as "
                                            << kKinds[static_cast<int>(match.kind)]);
  switch (match.kind) {
    case Kind::kBias:
      FoldAffineIntoConv(graph, match.conv, match.bias);
      break;
    case Kind::kResidual: {
      ir::Node& conv = graph.mutable_node(match.conv);
      conv.inputs.resize(4, ir::kNoValue);
      conv.inputs[3] = match.residual;
      break;
    }
    case Kind::kActivation:
      graph.mutable_node(match.conv).mutable_attr<ir::Conv2dAttrs>().activation = match.activation;
      break;
  }
  AbsorbConsumer(graph, match.conv, match.follower);
}

StatusOr<int> ConvBiasActFusePass::Run(ir::Graph& graph) {
  return FuseAtAnchors(graph, ir::OpKind::kConv2d, &Matches, &Rewrite);
}

OAR_REGISTER_PASS(ConvBiasActFusePass)

}  // namespace oar::passes
