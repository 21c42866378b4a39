// Schema of OpKind::kEngine: a node standing for a whole subgraph handed to an engine backend
// (see EngineAttrs in ir/attrs.h). Its inputs and outputs are variadic and match the subgraph's
// inputs and outputs in order. Shape inference runs ir::InferShapes on a copy of the subgraph
// whose inputs take the given dtypes, shapes and (when known) values, so the engine node reports
// exactly what the ops inside would produce, at build time and at run time alike.
#include <memory>
#include <string>

#include "ir/op_schema.h"
#include "ir/schemas/tensor_schema_util.h"

namespace oar::ir {

namespace {

Status InferEngine(InferContext& ctx) {
  const EngineAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "EngineAttrs", &a));
  if (!a->subgraph) return ctx.Error("engine node has no subgraph");
  const Graph& sub = *a->subgraph;
  if (ctx.num_inputs() != static_cast<int>(sub.inputs().size())) {
    return ctx.Error("expected " + std::to_string(sub.inputs().size()) + " inputs (one per subgraph input), got " +
                     std::to_string(ctx.num_inputs()));
  }
  if (ctx.num_outputs() != static_cast<int>(sub.outputs().size())) {
    return ctx.Error("expected " + std::to_string(sub.outputs().size()) + " outputs (one per subgraph output), got " +
                     std::to_string(ctx.num_outputs()));
  }
  Graph copy = sub;
  for (int i = 0; i < ctx.num_inputs(); ++i) {
    OAR_RETURN_IF_ERROR(RequireInput(ctx, i));
    const Value& spec = sub.value(sub.inputs()[static_cast<size_t>(i)]);
    if (spec.dtype != DType::kUndefined && ctx.input_dtype(i) != spec.dtype) {
      return ctx.InputError(i, std::string("dtype ") + DTypeName(spec.dtype) + " (subgraph input '" + spec.name + "')",
                            "");
    }
    Value& v = copy.mutable_value(sub.inputs()[static_cast<size_t>(i)]);
    v.dtype = ctx.input_dtype(i);
    v.shape = ctx.input_shape(i);
    // Known contents (shape-carrying tensors) let value-dependent ops inside infer static shapes.
    if (const Tensor* t = ctx.input_value(i)) v.constant = std::make_shared<const Tensor>(*t);
  }
  Status s = InferShapes(copy);
  if (!s.ok()) return ctx.Error("subgraph: " + s.message());
  for (int o = 0; o < ctx.num_outputs(); ++o) {
    const Value& out = copy.value(copy.outputs()[static_cast<size_t>(o)]);
    ctx.set_output(o, out.dtype, out.shape);
  }
  return Status::OK();
}

}  // namespace

void RegisterEngineSchemas() {
  OpSchema s;
  s.kind = OpKind::kEngine;
  s.min_inputs = 0;    // a group may read only constants (moved inside it)
  s.max_inputs = -1;   // variadic
  s.num_outputs = -1;  // as many as the subgraph has
  s.infer = InferEngine;
  RegisterSchema(std::move(s));
}

}  // namespace oar::ir
