#include "ir/op_schema.h"

#include <mutex>

namespace oar::ir {

namespace {
std::vector<OpSchema>& Table() {
  static std::vector<OpSchema> table(static_cast<size_t>(OpKind::kNumKinds));
  return table;
}
std::vector<char>& Registered() {
  static std::vector<char> reg(static_cast<size_t>(OpKind::kNumKinds), 0);
  return reg;
}
}  // namespace

Status InferContext::Error(const std::string& what) const {
  return InvalidGraph("op '" + node_.name + "' (" + OpKindName(node_.kind) + "): " + what);
}

Status InferContext::InputError(int i, const std::string& expected, const std::string& got) const {
  std::string desc = has_input(i) ? std::string(DTypeName(input_dtype(i))) + input_shape(i).ToString() : "absent";
  return InvalidGraph("op '" + node_.name + "' (" + OpKindName(node_.kind) + ") input #" + std::to_string(i) +
                      ": expected " + expected + ", got " + (got.empty() ? desc : got));
}

void RegisterSchema(OpSchema schema) {
  size_t i = static_cast<size_t>(schema.kind);
  Table()[i] = std::move(schema);
  Registered()[i] = 1;
}

const OpSchema* FindSchema(OpKind kind) {
  EnsureSchemasRegistered();
  size_t i = static_cast<size_t>(kind);
  if (i >= Table().size() || !Registered()[i]) return nullptr;
  return &Table()[i];
}

void EnsureSchemasRegistered() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterNnSchemas();
    RegisterElementwiseSchemas();
    RegisterTensorSchemas();
    RegisterDetectionSchemas();
    RegisterEngineSchemas();
  });
}

InferContext MakeInferContext(const Graph& graph, NodeId id) {
  const Node& n = graph.node(id);
  std::vector<InputInfo> infos;
  for (ValueId v : n.inputs) {
    InputInfo info;
    if (v != kNoValue) {
      const Value& val = graph.value(v);
      info.present = true;
      info.dtype = val.dtype;
      info.shape = val.shape;
      info.value = val.constant.get();
    }
    infos.push_back(std::move(info));
  }
  return InferContext(n, std::move(infos), n.outputs.size());
}

Status InferShapes(Graph& graph) {
  OAR_ASSIGN_OR_RETURN(std::vector<NodeId> order, graph.TopologicalOrder());
  for (NodeId id : order) {
    const Node& n = graph.node(id);
    const OpSchema* schema = FindSchema(n.kind);
    if (!schema) return Internal(std::string("no schema registered for ") + OpKindName(n.kind));
    int nin = static_cast<int>(n.inputs.size());
    if (nin < schema->min_inputs || (schema->max_inputs >= 0 && nin > schema->max_inputs)) {
      return InvalidGraph("op '" + n.name + "' (" + OpKindName(n.kind) + "): expected " +
                          std::to_string(schema->min_inputs) + ".." +
                          (schema->max_inputs < 0 ? std::string("n") : std::to_string(schema->max_inputs)) +
                          " inputs, got " + std::to_string(nin));
    }
    InferContext ctx = MakeInferContext(graph, id);
    OAR_RETURN_IF_ERROR(schema->infer(ctx));
    for (size_t i = 0; i < n.outputs.size(); ++i) {
      Value& v = graph.mutable_value(n.outputs[i]);
      v.dtype = ctx.outputs()[i].dtype;
      v.shape = ctx.outputs()[i].shape;
    }
  }
  return Status::OK();
}

bool BroadcastShapes(const Shape& a, const Shape& b, Shape* out) {
  int r = std::max(a.rank(), b.rank());
  std::vector<int64_t> dims(static_cast<size_t>(r));
  for (int i = 0; i < r; ++i) {
    int64_t da = i < r - a.rank() ? 1 : a[i - (r - a.rank())];
    int64_t db = i < r - b.rank() ? 1 : b[i - (r - b.rank())];
    int64_t d;
    if (da == 1) {
      d = db;
    } else if (db == 1) {
      d = da;
    } else if (da < 0) {
      d = db;  // unknown vs n>1 (or unknown): assume compatible
    } else if (db < 0) {
      d = da;
    } else if (da == db) {
      d = da;
    } else {
      return false;
    }
    dims[static_cast<size_t>(i)] = d;
  }
  *out = Shape(std::move(dims));
  return true;
}

}  // namespace oar::ir
