#include "passes/fusion/conv_bn_fuse_pass.h"

#include <cmath>

#include "core/logging.h"

namespace oar::passes {

namespace {

#define OAR_CONV_BN_REJECT(graph, conv, why)                                                    \
  do {                                                                                          \
    OAR_VLOG(2, "conv_bn_fuse: not folding into " << DescribeNode(graph, conv) << ": " << why); \
    return std::nullopt;                                                                        \
  } while (0)

// BatchNorm parameters -> s = scale / sqrt(var + eps), shift = bias - mean * s.
std::optional<ChannelAffine> BatchNormAffine(const ir::Graph& graph, const ir::Node& bn, int64_t m, std::string* why) {
  static const char* const kNames[] = {"", "scale", "bias", "mean", "variance"};
  const Tensor* p[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};
  for (int i = 1; i <= 4; ++i) {
    p[i] = ConstantF32(graph, InputOrNone(bn, static_cast<size_t>(i)));
    if (!p[i] || p[i]->numel() != m) {
      *why = std::string("batch_norm ") + kNames[i] + " is not an f32 constant of " + std::to_string(m) + " elements";
      return std::nullopt;
    }
  }
  const double eps = bn.attr<ir::BatchNormAttrs>().epsilon;
  ChannelAffine a;
  a.scale.resize(static_cast<size_t>(m));
  a.shift.resize(static_cast<size_t>(m));
  for (int64_t c = 0; c < m; ++c) {
    const double var = static_cast<double>(p[4]->data<float>()[c]) + eps;
    if (!(var > 0.0)) {
      *why = "batch_norm variance + epsilon is " + std::to_string(var) + " at channel " + std::to_string(c);
      return std::nullopt;
    }
    const double s = p[1]->data<float>()[c] / std::sqrt(var);
    a.scale[static_cast<size_t>(c)] = s;
    a.shift[static_cast<size_t>(c)] = p[2]->data<float>()[c] - p[3]->data<float>()[c] * s;
  }
  return a;
}

}  // namespace

const PassInfo& ConvBnFusePass::Info() {
  static const PassInfo info{"conv_bn_fuse", 2, "fold BatchNorm / per-channel Mul / Scale after Conv2d into it"};
  return info;
}

std::optional<ConvBnFusePass::Match> ConvBnFusePass::Matches(const ir::Graph& graph, const ConsumerMap& consumers,
                                                             ir::NodeId conv) {
  const ir::Node& c = graph.node(conv);
  if (c.kind != ir::OpKind::kConv2d) return std::nullopt;
  const ir::ValueId y = c.outputs[0];
  std::string why;
  const ir::NodeId f = SoleConsumer(graph, consumers, y, &why);
  if (f == ir::kNoNode) return std::nullopt;  // nothing to fold into: not worth a log line
  const ir::Node& follower = graph.node(f);
  const ir::OpKind k = follower.kind;
  if (k != ir::OpKind::kBatchNorm && k != ir::OpKind::kMul && k != ir::OpKind::kScale) return std::nullopt;
  const int64_t m = ConvOutputChannels(graph, conv);
  why = ConvAffineRefusal(graph, conv, /*scales=*/true);
  if (!why.empty()) OAR_CONV_BN_REJECT(graph, conv, why << " (follower " << DescribeNode(graph, f) << ")");
  if (graph.value(follower.outputs[0]).dtype != DType::kFloat32) {
    OAR_CONV_BN_REJECT(graph, conv, DescribeNode(graph, f) << " output is not f32");
  }
  Match match;
  match.conv = conv;
  match.follower = f;
  if (k == ir::OpKind::kBatchNorm) {
    if (follower.inputs[0] != y) OAR_CONV_BN_REJECT(graph, conv, "the conv output is not the batch_norm's X");
    std::optional<ChannelAffine> a = BatchNormAffine(graph, follower, m, &why);
    if (!a) OAR_CONV_BN_REJECT(graph, conv, why);
    match.affine = std::move(*a);
  } else if (k == ir::OpKind::kMul) {
    const ir::ValueId other = follower.inputs[0] == y ? follower.inputs[1] : follower.inputs[0];
    const Tensor* cst = ConstantF32(graph, other);
    if (!cst)
      OAR_CONV_BN_REJECT(graph, conv, "the other factor of " << DescribeNode(graph, f) << " is no f32 constant");
    std::optional<std::vector<double>> s = PerChannelValues(*cst, 4, 1, m);
    if (!s) {
      OAR_CONV_BN_REJECT(
          graph, conv,
          "factor " << cst->shape().ToString() << " of " << DescribeNode(graph, f) << " is not per channel of " << m);
    }
    match.affine.scale = std::move(*s);
    match.affine.shift.assign(static_cast<size_t>(m), 0.0);
  } else {
    const auto& a = follower.attr<ir::ScaleAttrs>();
    double scale = a.scale;
    const ir::ValueId st = InputOrNone(follower, 1);
    if (st != ir::kNoValue) {
      const ir::Value& sv = graph.value(st);
      if (!sv.is_constant() || sv.constant->numel() != 1) {
        OAR_CONV_BN_REJECT(graph, conv,
                           DescribeNode(graph, f) << " has a ScaleTensor that is not a 1-element constant");
      }
      scale = sv.constant->GetDouble(0);
    }
    const double shift = a.bias_after_scale ? a.bias : scale * a.bias;
    match.affine.scale.assign(static_cast<size_t>(m), scale);
    match.affine.shift.assign(static_cast<size_t>(m), shift);
  }
  return match;
}

void ConvBnFusePass::Rewrite(ir::Graph& graph, const Match& match) {
  OAR_VLOG(2, "conv_bn_fuse: folding " << DescribeNode(graph, match.follower) << " into "
                                       << DescribeNode(graph, match.conv));
  FoldAffineIntoConv(graph, match.conv, match.affine);
  AbsorbConsumer(graph, match.conv, match.follower);
}

StatusOr<int> ConvBnFusePass::Run(ir::Graph& graph) {
  int folded = 0;
  for (ir::NodeId id : graph.LiveNodes()) {
    if (graph.node(id).removed || graph.node(id).kind != ir::OpKind::kConv2d) continue;
    // A conv may absorb several followers in a row (conv -> bn -> mul -> scale).
    while (true) {
      const ConsumerMap consumers = graph.ComputeConsumers();
      std::optional<Match> m = Matches(graph, consumers, id);
      if (!m) break;
      Rewrite(graph, *m);
      ++folded;
    }
  }
  return folded;
}

OAR_REGISTER_PASS(ConvBnFusePass)

}  // namespace oar::passes
