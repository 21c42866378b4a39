#include "engine/precision_lowering.h"

#include "ir/op_schema.h"

namespace oar::engine {

namespace {

Tensor ConvertTensor(const Tensor& f32, DType low) {
  Tensor out(low, f32.shape());
  const float* src = f32.data<float>();
  uint16_t* dst = out.data<uint16_t>();
  for (int64_t i = 0; i < f32.numel(); ++i) dst[i] = low == DType::kFloat16 ? FloatToHalf(src[i]) : FloatToBFloat16(src[i]);
  return out;
}

}  // namespace

StatusOr<ir::Graph> LowerFloatPrecision(const ir::Graph& graph, DType low) {
  if (low != DType::kFloat16 && low != DType::kBFloat16) {
    return InvalidArgument(std::string("engine: precision lowering to ") + DTypeName(low) + " (takes f16 or bf16)");
  }
  ir::Graph g = graph;
  const int original_values = g.num_values();
  // Constants read on the host as shape/scale values (a resize's scales) stay f32.
  std::vector<char> host_value(static_cast<size_t>(original_values), 0);
  for (ir::NodeId id : g.LiveNodes()) {
    const ir::Node& n = g.node(id);
    const ir::OpSchema* schema = ir::FindSchema(n.kind);
    if (!schema) continue;
    for (int i : schema->value_inputs) {
      if (i < static_cast<int>(n.inputs.size()) && n.inputs[static_cast<size_t>(i)] != ir::kNoValue) {
        host_value[static_cast<size_t>(n.inputs[static_cast<size_t>(i)])] = 1;
      }
    }
  }
  for (ir::ValueId v = 0; v < original_values; ++v) {
    ir::Value& val = g.mutable_value(v);
    if (val.dtype != DType::kFloat32 || host_value[static_cast<size_t>(v)]) continue;
    if (val.is_constant()) {
      auto t = std::make_shared<const Tensor>(ConvertTensor(*val.constant, low));
      val.constant = t;
      val.dtype = low;
    }
  }
  // Inputs: x (f32) -> cast -> x_low, every use of x rewired.
  for (ir::ValueId in : std::vector<ir::ValueId>(g.inputs())) {
    if (g.value(in).dtype != DType::kFloat32) continue;
    const std::string name = g.UniqueName(g.value(in).name + "_" + DTypeName(low));
    ir::ValueId lowered = g.AddValue(name, low, g.value(in).shape);
    g.ReplaceAllUses(in, lowered);
    // ReplaceAllUses also rewrote a graph output that is the input itself: keep it f32.
    for (ir::ValueId& o : g.mutable_outputs()) {
      if (o == lowered) o = in;
    }
    g.AddNode(g.UniqueName("cast_in_" + g.value(in).name), ir::OpKind::kCast, {in}, {lowered}, ir::CastAttrs{low});
  }
  // Outputs: produced in the low type, cast back to f32 into a new output value.
  std::vector<ir::ValueId>& outs = g.mutable_outputs();
  for (ir::ValueId& o : outs) {
    const ir::Value& val = g.value(o);
    if (val.dtype != DType::kFloat32 || val.producer == ir::kNoNode) continue;
    const std::string name = val.name;
    ir::ValueId f32 = g.AddValue(g.UniqueName(name + "_f32"), DType::kFloat32, val.shape);
    g.mutable_value(o).dtype = low;
    g.AddNode(g.UniqueName("cast_out_" + name), ir::OpKind::kCast, {o}, {f32}, ir::CastAttrs{DType::kFloat32});
    o = f32;
  }
  // Intermediate f32 values become the low type.
  for (ir::ValueId v = 0; v < original_values; ++v) {
    ir::Value& val = g.mutable_value(v);
    bool is_input = false;
    for (ir::ValueId in : g.inputs()) is_input |= in == v;
    if (val.dtype == DType::kFloat32 && !is_input && !val.is_constant() && !host_value[static_cast<size_t>(v)]) {
      val.dtype = low;
    }
  }
  OAR_RETURN_IF_ERROR(ir::InferShapes(g).WithPrefix("engine: precision lowering: "));
  return g;
}

}  // namespace oar::engine
