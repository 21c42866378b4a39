#include "passes/fusion/fc_fuse_pass.h"

#include "core/logging.h"
#include "passes/fusion/fusion_util.h"

namespace oar::passes {

namespace {

#define OAR_FC_REJECT(graph, mm, why)                                                   \
  do {                                                                                  \
    OAR_VLOG(2, "fc_fuse: not fusing into " << DescribeNode(graph, mm) << ": " << why); \
    return std::nullopt;                                                                \
  } while (0)

}  // namespace

const PassInfo& FcFusePass::Info() {
  static const PassInfo info{"fc_fuse", 2, "fuse bias adds and activations into MatMul by a constant weight"};
  return info;
}

std::optional<FcFusePass::Match> FcFusePass::Matches(const ir::Graph& graph, const ConsumerMap& consumers,
                                                     ir::NodeId mm) {
  const ir::Node& n = graph.node(mm);
  if (n.kind != ir::OpKind::kMatMul) return std::nullopt;
  const ir::ValueId y = n.outputs[0];
  std::string why;
  const ir::NodeId f = SoleConsumer(graph, consumers, y, &why);
  if (f == ir::kNoNode) return std::nullopt;
  const ir::Node& follower = graph.node(f);
  std::optional<ir::FusedActivation> act = ActivationOfNode(follower);
  const bool is_add = follower.kind == ir::OpKind::kAdd && follower.inputs.size() == 2;
  if (!act && !is_add) return std::nullopt;
  if (!n.attr<ir::MatMulAttrs>().activation.none()) {
    OAR_FC_REJECT(graph, mm, "it already has a fused activation (follower " << DescribeNode(graph, f) << ")");
  }
  const Tensor* w = ConstantF32(graph, n.inputs[1]);
  if (!w || w->shape().rank() < 2) {
    OAR_FC_REJECT(graph, mm, "weight '" << graph.value(n.inputs[1]).name << "' is not an f32 constant of rank >= 2");
  }
  const ir::Value& yv = graph.value(y);
  const ir::Value& zv = graph.value(follower.outputs[0]);
  if (yv.dtype != DType::kFloat32 || zv.dtype != DType::kFloat32) {
    OAR_FC_REJECT(graph, mm, "dtype " << DTypeName(yv.dtype) << " -> " << DTypeName(zv.dtype) << " is not f32");
  }
  Match match;
  match.matmul = mm;
  match.follower = f;
  if (act) {
    match.kind = Kind::kActivation;
    match.activation = *act;
    return match;
  }
  if (InputOrNone(n, 2) != ir::kNoValue) OAR_FC_REJECT(graph, mm, "it already has a bias");
  const int rank = yv.shape.rank();
  const int64_t cols = rank > 0 ? yv.shape[rank - 1] : -1;
  if (cols < 1) OAR_FC_REJECT(graph, mm, "result " << yv.shape.ToString() << " has no known last dim");
  const ir::ValueId other = follower.inputs[0] == y ? follower.inputs[1] : follower.inputs[0];
  const Tensor* c = ConstantF32(graph, other);
  std::optional<std::vector<double>> bias = c ? PerChannelValues(*c, rank, rank - 1, cols) : std::nullopt;
  if (!bias) {
    const ir::Value& ov = graph.value(other);
    OAR_FC_REJECT(graph, mm,
                  "addend '" << ov.name << "' " << DTypeName(ov.dtype) << ov.shape.ToString()
                             << " is not an f32 constant broadcast along the last dim of " << yv.shape.ToString());
  }
  match.kind = Kind::kBias;
  match.bias = std::move(*bias);
  return match;
}

void FcFusePass::Rewrite(ir::Graph& graph, const Match& match) {
  OAR_VLOG(2, "fc_fuse: fusing " << DescribeNode(graph, match.follower) << " into " << DescribeNode(graph, match.matmul)
                                 << (match.kind == Kind::kBias ? " as bias" : " as activation"));
  if (match.kind == Kind::kBias) {
    const std::string base = graph.node(match.matmul).name + ".bias";
    const ir::ValueId b = AddF32Constant(graph, base, Shape{static_cast<int64_t>(match.bias.size())}, match.bias);
    ir::Node& n = graph.mutable_node(match.matmul);
    n.inputs.resize(3, ir::kNoValue);
    n.inputs[2] = b;
  } else {
    graph.mutable_node(match.matmul).mutable_attr<ir::MatMulAttrs>().activation = match.activation;
  }
  AbsorbConsumer(graph, match.matmul, match.follower);
}

StatusOr<int> FcFusePass::Run(ir::Graph& graph) {
  return FuseAtAnchors(graph, ir::OpKind::kMatMul, &Matches, &Rewrite);
}

OAR_REGISTER_PASS(FcFusePass)

}  // namespace oar::passes
