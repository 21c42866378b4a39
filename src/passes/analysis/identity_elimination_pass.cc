#include "passes/analysis/identity_elimination_pass.h"

#include <algorithm>

#include "core/logging.h"

namespace oar::passes {

namespace {

// Why `node` computes the identity, or "" when it does not.
std::string IdentityReason(const ir::Graph& graph, const ir::Node& node) {
  if (node.inputs.empty() || node.inputs[0] == ir::kNoValue || node.outputs.size() != 1) return "";
  const ir::Value& x = graph.value(node.inputs[0]);
  const ir::Value& y = graph.value(node.outputs[0]);
  switch (node.kind) {
    case ir::OpKind::kIdentity:
      return "identity";
    case ir::OpKind::kScale: {
      const auto& a = node.attr<ir::ScaleAttrs>();
      double scale = a.scale;
      const ir::ValueId st = InputOrNone(node, 1);
      if (st != ir::kNoValue) {
        const ir::Value& sv = graph.value(st);
        if (!sv.is_constant() || sv.constant->numel() != 1) return "";
        scale = sv.constant->GetDouble(0);
      }
      return scale == 1.0 && a.bias == 0.0f ? "scale by 1 plus 0" : "";
    }
    case ir::OpKind::kReshape:
    case ir::OpKind::kFlatten:
    case ir::OpKind::kSqueeze:
    case ir::OpKind::kUnsqueeze:
      if (x.shape.IsStatic() && y.shape.IsStatic() && x.shape == y.shape && x.dtype == y.dtype) {
        return std::string(ir::OpKindName(node.kind)) + " to the same static shape " + x.shape.ToString();
      }
      return "";
    case ir::OpKind::kCast:
      return x.dtype != DType::kUndefined && node.attr<ir::CastAttrs>().to == x.dtype
                 ? std::string("cast to its own dtype ") + DTypeName(x.dtype)
                 : "";
    default:
      return "";
  }
}

}  // namespace

const PassInfo& IdentityEliminationPass::Info() {
  static const PassInfo info{"identity_elimination", 1,
                             "remove Identity, Scale(1,0), same-shape reshapes and same-dtype casts"};
  return info;
}

std::optional<IdentityEliminationPass::Match> IdentityEliminationPass::Matches(const ir::Graph& graph, ir::NodeId id) {
  const ir::Node& node = graph.node(id);
  const std::string reason = IdentityReason(graph, node);
  if (reason.empty()) return std::nullopt;
  Match m;
  m.node = id;
  m.input = node.inputs[0];
  m.output = node.outputs[0];
  m.output_is_graph_output = IsGraphOutput(graph, m.output);
  if (m.output_is_graph_output) {
    const ir::Value& x = graph.value(m.input);
    const bool from_node = x.producer != ir::kNoNode && !graph.node(x.producer).removed;
    if (!from_node || IsGraphOutput(graph, m.input)) {
      OAR_VLOG(2, "identity_elimination: keeping " << DescribeNode(graph, id) << " (" << reason << "): its output '"
                                                   << graph.value(m.output).name
                                                   << "' is a graph output and its input '" << x.name
                                                   << "' is a graph input, constant or graph output");
      return std::nullopt;
    }
  }
  OAR_VLOG(2, "identity_elimination: removing " << DescribeNode(graph, id) << ": " << reason);
  return m;
}

void IdentityEliminationPass::Rewrite(ir::Graph& graph, const Match& m) {
  graph.RemoveNode(m.node);
  if (!m.output_is_graph_output) {
    graph.ReplaceAllUses(m.output, m.input);
    return;
  }
  // The producer of %x writes %y; every other use of %x reads %y.
  const ir::NodeId p = graph.value(m.input).producer;
  graph.ReplaceAllUses(m.input, m.output);
  auto& outs = graph.mutable_node(p).outputs;
  std::replace(outs.begin(), outs.end(), m.input, m.output);
  graph.mutable_value(m.output).producer = p;
  graph.mutable_value(m.input).producer = ir::kNoNode;
}

StatusOr<int> IdentityEliminationPass::Run(ir::Graph& graph) {
  int removed = 0;
  for (ir::NodeId id : graph.LiveNodes()) {
    if (graph.node(id).removed) continue;
    std::optional<Match> m = Matches(graph, id);
    if (!m) continue;
    Rewrite(graph, *m);
    ++removed;
  }
  return removed;
}

OAR_REGISTER_PASS(IdentityEliminationPass)

}  // namespace oar::passes
