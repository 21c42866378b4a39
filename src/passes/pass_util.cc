#include "passes/pass_util.h"

#include <algorithm>

namespace oar::passes {

bool IsGraphOutput(const ir::Graph& graph, ir::ValueId v) {
  const auto& outs = graph.outputs();
  return std::find(outs.begin(), outs.end(), v) != outs.end();
}

bool IsGraphInput(const ir::Graph& graph, ir::ValueId v) {
  const auto& ins = graph.inputs();
  return std::find(ins.begin(), ins.end(), v) != ins.end();
}

std::string DescribeNode(const ir::Graph& graph, ir::NodeId id) {
  const ir::Node& n = graph.node(id);
  return "op '" + n.name + "' (" + ir::OpKindName(n.kind) + ")";
}

ir::NodeId SoleConsumer(const ir::Graph& graph, const ConsumerMap& consumers, ir::ValueId v, std::string* why) {
  const std::string& name = graph.value(v).name;
  if (IsGraphOutput(graph, v)) {
    *why = "'" + name + "' is a graph output";
    return ir::kNoNode;
  }
  const auto& uses = consumers[static_cast<size_t>(v)];
  if (uses.size() != 1) {
    *why = "'" + name + "' has " + std::to_string(uses.size()) + " uses";
    return ir::kNoNode;
  }
  return uses[0];
}

const Tensor* ConstantF32(const ir::Graph& graph, ir::ValueId v) {
  if (v == ir::kNoValue) return nullptr;
  const ir::Value& val = graph.value(v);
  if (!val.is_constant() || val.constant->dtype() != DType::kFloat32) return nullptr;
  return val.constant.get();
}

ir::ValueId InputOrNone(const ir::Node& node, size_t i) {
  return i < node.inputs.size() ? node.inputs[i] : ir::kNoValue;
}

std::optional<ir::FusedActivation> ActivationOfNode(const ir::Node& node) {
  if (node.inputs.size() != 1 || node.outputs.size() != 1) return std::nullopt;
  ir::FusedActivation act;
  switch (node.kind) {
    case ir::OpKind::kRelu:
      act.kind = ir::ActivationKind::kRelu;
      break;
    case ir::OpKind::kSigmoid:
      act.kind = ir::ActivationKind::kSigmoid;
      break;
    case ir::OpKind::kClip: {
      const auto& a = node.attr<ir::ClipAttrs>();
      act = {ir::ActivationKind::kClip, a.min, a.max, 0.0f};
      break;
    }
    case ir::OpKind::kLeakyRelu:
      act = {ir::ActivationKind::kLeakyRelu, node.attr<ir::LeakyReluAttrs>().alpha, 0.0f, 0.0f};
      break;
    case ir::OpKind::kHardSwish: {
      const auto& a = node.attr<ir::HardSwishAttrs>();
      act = {ir::ActivationKind::kHardSwish, a.threshold, a.scale, a.offset};
      break;
    }
    case ir::OpKind::kHardSigmoid: {
      const auto& a = node.attr<ir::HardSigmoidAttrs>();
      act = {ir::ActivationKind::kHardSigmoid, a.slope, a.offset, 0.0f};
      break;
    }
    case ir::OpKind::kSwish:
      act = {ir::ActivationKind::kSwish, node.attr<ir::SwishAttrs>().beta, 0.0f, 0.0f};
      break;
    default:
      return std::nullopt;
  }
  return act;
}

std::optional<std::vector<double>> PerChannelValues(const Tensor& c, int out_rank, int axis, int64_t channels) {
  const Shape& s = c.shape();
  if (s.rank() > out_rank || channels < 1) return std::nullopt;
  const int pos = axis - (out_rank - s.rank());  // index of `axis` in c's dims (< 0: c does not reach it)
  bool varies = false;
  for (int d = 0; d < s.rank(); ++d) {
    if (d == pos && s[d] == channels) {
      varies = channels > 1;
    } else if (s[d] != 1) {
      return std::nullopt;
    }
  }
  std::vector<double> values(static_cast<size_t>(channels));
  for (int64_t m = 0; m < channels; ++m) values[static_cast<size_t>(m)] = c.GetDouble(varies ? m : 0);
  return values;
}

ir::ValueId AddF32Constant(ir::Graph& graph, const std::string& base, const Shape& shape,
                           const std::vector<double>& values) {
  Tensor t(DType::kFloat32, shape);
  float* p = t.data<float>();
  for (size_t i = 0; i < values.size(); ++i) p[i] = static_cast<float>(values[i]);
  return graph.AddConstant(graph.UniqueName(base), std::move(t));
}

void AbsorbConsumer(ir::Graph& graph, ir::NodeId producer, ir::NodeId consumer) {
  const ir::ValueId old_out = graph.node(producer).outputs[0];
  const ir::ValueId new_out = graph.node(consumer).outputs[0];
  graph.RemoveNode(consumer);
  graph.mutable_node(producer).outputs[0] = new_out;
  graph.mutable_value(new_out).producer = producer;
  graph.mutable_value(old_out).producer = ir::kNoNode;
}

int CountLiveNodes(const ir::Graph& graph) { return static_cast<int>(graph.LiveNodes().size()); }

bool SameShapeUpToUnknownDims(const Shape& a, const Shape& b) {
  if (a.rank() != b.rank()) return false;
  for (int d = 0; d < a.rank(); ++d) {
    const bool ka = a[d] >= 0, kb = b[d] >= 0;
    if (ka != kb || (ka && a[d] != b[d])) return false;
  }
  return true;
}

}  // namespace oar::passes
