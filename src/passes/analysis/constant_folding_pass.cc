#include "passes/analysis/constant_folding_pass.h"

#include "core/logging.h"
#include "ir/op_schema.h"
#include "passes/pass_util.h"

namespace oar::passes {

namespace {

// Re-runs shape inference of one node (its inputs may have become constants or static).
Status ReinferNode(ir::Graph& graph, ir::NodeId id) {
  const ir::Node& n = graph.node(id);
  const ir::OpSchema* schema = ir::FindSchema(n.kind);
  if (!schema) return Internal(std::string("constant_folding: no schema for ") + ir::OpKindName(n.kind));
  ir::InferContext ctx = ir::MakeInferContext(graph, id);
  OAR_RETURN_IF_ERROR(schema->infer(ctx).WithPrefix("constant_folding: "));
  for (size_t i = 0; i < n.outputs.size(); ++i) {
    ir::Value& v = graph.mutable_value(n.outputs[i]);
    v.dtype = ctx.outputs()[i].dtype;
    v.shape = ctx.outputs()[i].shape;
  }
  return Status::OK();
}

// Turns output value `v` of a node being removed into a constant holding `t`.
void MakeConstant(ir::Graph& graph, ir::ValueId v, Tensor t) {
  ir::Value& val = graph.mutable_value(v);
  val.dtype = t.dtype();
  val.shape = t.shape();
  val.producer = ir::kNoNode;
  val.constant = std::make_shared<const Tensor>(std::move(t));
}

}  // namespace

const PassInfo& ConstantFoldingPass::Info() {
  static const PassInfo info{"constant_folding", 1, "evaluate nodes with constant inputs; Shape of static shapes"};
  return info;
}

std::optional<ConstantFoldingPass::Match> ConstantFoldingPass::Matches(const ir::Graph& graph, ir::NodeId id) const {
  const ir::Node& n = graph.node(id);
  if (n.kind == ir::OpKind::kShape && !n.inputs.empty() && n.inputs[0] != ir::kNoValue) {
    const Shape& s = graph.value(n.inputs[0]).shape;
    if (!s.IsStatic()) {
      OAR_VLOG(2,
               "constant_folding: " << DescribeNode(graph, id) << ": input shape " << s.ToString() << " is not static");
      return std::nullopt;
    }
    return Match{id, true};
  }
  for (ir::ValueId v : n.inputs) {
    if (v != ir::kNoValue && !graph.value(v).is_constant()) return std::nullopt;  // the common case: not logged
  }
  const ir::OpSchema* schema = ir::FindSchema(n.kind);
  if (!schema || schema->data_dependent_output) {
    OAR_VLOG(2, "constant_folding: " << DescribeNode(graph, id)
                                     << ": all inputs constant, but its output size depends on data: not folded");
    return std::nullopt;
  }
  if (!options_.evaluator) {
    OAR_VLOG(2, "constant_folding: " << DescribeNode(graph, id) << ": all inputs constant, but no evaluator was given");
    return std::nullopt;
  }
  int64_t bytes = 0;
  for (ir::ValueId v : n.outputs) {
    const ir::Value& val = graph.value(v);
    const int64_t numel = val.shape.NumElements();
    if (numel < 0 || val.dtype == DType::kUndefined) continue;  // checked after evaluating
    bytes += numel * static_cast<int64_t>(DTypeSize(val.dtype));
  }
  if (bytes > options_.max_output_bytes) {
    OAR_VLOG(2, "constant_folding: " << DescribeNode(graph, id) << ": output of " << bytes
                                     << " bytes exceeds the cap of " << options_.max_output_bytes);
    return std::nullopt;
  }
  return Match{id, false};
}

bool ConstantFoldingPass::Rewrite(ir::Graph& graph, const Match& m) const {
  const ir::Node& n = graph.node(m.node);
  if (m.static_shape) {
    const Shape& s = graph.value(n.inputs[0]).shape;
    Tensor t(DType::kInt64, Shape{s.rank()});
    for (int d = 0; d < s.rank(); ++d) t.data<int64_t>()[d] = s[d];
    const ir::ValueId out = n.outputs[0];
    graph.RemoveNode(m.node);
    MakeConstant(graph, out, std::move(t));
    return true;
  }
  std::vector<const Tensor*> inputs;
  for (ir::ValueId v : n.inputs) inputs.push_back(v == ir::kNoValue ? nullptr : graph.value(v).constant.get());
  StatusOr<std::vector<Tensor>> outs = options_.evaluator(n, inputs);
  if (!outs.ok()) {
    OAR_VLOG(1, "constant_folding: " << DescribeNode(graph, m.node)
                                     << ": evaluation failed, node kept: " << outs.status().ToString());
    return false;
  }
  if (outs->size() != n.outputs.size()) {
    OAR_VLOG(1, "constant_folding: " << DescribeNode(graph, m.node) << ": the evaluator returned " << outs->size()
                                     << " outputs for " << n.outputs.size() << ", node kept");
    return false;
  }
  int64_t bytes = 0;
  for (const Tensor& t : *outs) bytes += static_cast<int64_t>(t.nbytes());
  if (bytes > options_.max_output_bytes) {
    OAR_VLOG(2, "constant_folding: " << DescribeNode(graph, m.node) << ": output of " << bytes
                                     << " bytes exceeds the cap of " << options_.max_output_bytes);
    return false;
  }
  const std::vector<ir::ValueId> out_ids = n.outputs;
  graph.RemoveNode(m.node);
  for (size_t i = 0; i < out_ids.size(); ++i) MakeConstant(graph, out_ids[i], std::move((*outs)[i]));
  return true;
}

StatusOr<int> ConstantFoldingPass::Run(ir::Graph& graph) {
  OAR_ASSIGN_OR_RETURN(std::vector<ir::NodeId> order, graph.TopologicalOrder());
  int folded = 0;
  for (ir::NodeId id : order) {
    OAR_RETURN_IF_ERROR(ReinferNode(graph, id));
    std::optional<Match> m = Matches(graph, id);
    if (m && Rewrite(graph, *m)) {
      OAR_VLOG(2, "constant_folding: folded op '" << graph.node(id).name << "'");
      ++folded;
    }
  }
  return folded;
}

OAR_REGISTER_PASS(ConstantFoldingPass)

}  // namespace oar::passes
