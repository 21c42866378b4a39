#include "engine/cpu/cpu_capability.h"

#include <string>

#include "ir/op_schema.h"

namespace oar::engine::cpu {

namespace {

using ir::OpKind;
using partition::SupportResult;

/// Kinds the CPU engine has a layer for (subject to the dtype and static-shape checks below).
bool HasLayer(OpKind kind) {
  switch (kind) {
    case OpKind::kConv2d:
    case OpKind::kPool2d:
    case OpKind::kMatMul:
    case OpKind::kBatchNorm:
    case OpKind::kLayerNorm:
    case OpKind::kLrn:
    case OpKind::kSoftmax:
    case OpKind::kResize:
    case OpKind::kPad:
    // unary activations
    case OpKind::kRelu:
    case OpKind::kLeakyRelu:
    case OpKind::kSigmoid:
    case OpKind::kTanh:
    case OpKind::kHardSigmoid:
    case OpKind::kHardSwish:
    case OpKind::kSwish:
    case OpKind::kGelu:
    case OpKind::kExp:
    case OpKind::kSqrt:
    case OpKind::kClip:
    case OpKind::kScale:
    // binary elementwise with numpy broadcasting
    case OpKind::kAdd:
    case OpKind::kSub:
    case OpKind::kMul:
    case OpKind::kDiv:
    case OpKind::kMax:
    case OpKind::kMin:
    case OpKind::kPow:
    // layout / shape ops with static targets
    case OpKind::kConcat:
    case OpKind::kSplit:
    case OpKind::kFlatten:
    case OpKind::kReshape:
    case OpKind::kTranspose:
    case OpKind::kSqueeze:
    case OpKind::kUnsqueeze:
    case OpKind::kIdentity:
      return true;
    default:
      return false;
  }
}

/// i32/i64: the dtypes of shapes, indices and sizes.
bool IsIndexDType(DType t) { return t == DType::kInt32 || t == DType::kInt64; }

std::string ValueDesc(const char* what, size_t i, const ir::Value& v) {
  return std::string(what) + " #" + std::to_string(i) + " '" + v.name + "' is " + DTypeName(v.dtype) +
         v.shape.ToString();
}

bool IsValueInput(const ir::OpSchema* schema, size_t i) {
  if (!schema) return false;
  for (int vi : schema->value_inputs) {
    if (static_cast<size_t>(vi) == i) return true;
  }
  return false;
}

/// Input `i` of `n` when present and not a constant (a tensor only known at run time), else null.
const ir::Value* RuntimeInput(const ir::Graph& g, const ir::Node& n, size_t i) {
  if (i >= n.inputs.size() || n.inputs[i] == ir::kNoValue) return nullptr;
  const ir::Value& v = g.value(n.inputs[i]);
  return v.is_constant() ? nullptr : &v;
}

}  // namespace

SupportResult CpuEngineSupports(const ir::Graph& g, ir::NodeId id) {
  const ir::Node& n = g.node(id);
  const ir::OpSchema* schema = ir::FindSchema(n.kind);
  switch (n.kind) {
    case OpKind::kYoloBox:
    case OpKind::kMulticlassNms:
      return SupportResult::No("detection post-processing runs natively");
    case OpKind::kArgMax:
      return SupportResult::No("arg_max produces integer indices (the engine has no index outputs); runs natively");
    case OpKind::kShape:
      return SupportResult::No("integer shape arithmetic runs natively (shape produces an i64 tensor)");
    case OpKind::kEngine:
      return SupportResult::No("already an engine node");
    default:
      break;
  }
  // Index-typed tensors carry shape arithmetic (shape -> slice -> fill/cast -> reshape target).
  // Shape-carrying inputs (a reshape's ShapeTensor) are judged below: fine when constant.
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    if (n.inputs[i] == ir::kNoValue || IsValueInput(schema, i)) continue;
    const ir::Value& v = g.value(n.inputs[i]);
    if (IsIndexDType(v.dtype)) {
      return SupportResult::No("integer shape arithmetic runs natively (" + ValueDesc("input", i, v) + ")");
    }
  }
  for (size_t o = 0; o < n.outputs.size(); ++o) {
    const ir::Value& v = g.value(n.outputs[o]);
    if (IsIndexDType(v.dtype)) {
      return SupportResult::No("integer shape arithmetic runs natively (" + ValueDesc("output", o, v) + ")");
    }
  }
  if (schema && schema->data_dependent_output) {
    return SupportResult::No("the output shape depends on the input data; the engine needs shapes before running");
  }
  if (!HasLayer(n.kind)) return SupportResult::No(std::string("no CPU engine layer for ") + ir::OpKindName(n.kind));

  // Static targets: shapes and factors must be known when the engine is built.
  if (n.kind == OpKind::kReshape) {
    if (const ir::Value* v = RuntimeInput(g, n, 1)) {
      return SupportResult::No("reshape target shape comes from runtime tensor '" + v->name +
                               "' (input #1); the engine needs a static target");
    }
  }
  if (n.kind == OpKind::kResize) {
    for (size_t i : {size_t{1}, size_t{2}}) {
      if (const ir::Value* v = RuntimeInput(g, n, i)) {
        return SupportResult::No(std::string("resize ") + (i == 1 ? "output size" : "scale") +
                                 " comes from runtime tensor '" + v->name + "' (input #" + std::to_string(i) +
                                 "); the engine needs a static size");
      }
    }
  }
  if (n.kind == OpKind::kScale) {
    if (const ir::Value* v = RuntimeInput(g, n, 1)) {
      return SupportResult::No("scale factor comes from runtime tensor '" + v->name +
                               "' (input #1); the engine needs a static factor");
    }
  }

  // f32 data only (shape-carrying inputs are constants by now: checked above).
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    if (n.inputs[i] == ir::kNoValue || IsValueInput(schema, i)) continue;
    const ir::Value& v = g.value(n.inputs[i]);
    if (v.dtype == DType::kUndefined) {
      return SupportResult::No("input #" + std::to_string(i) + " '" + v.name +
                               "' has no dtype yet (run shape inference before partitioning)");
    }
    if (v.dtype != DType::kFloat32) {
      return SupportResult::No(ValueDesc("input", i, v) + "; the CPU engine takes f32 only");
    }
  }
  return SupportResult::Yes();
}

StatusOr<partition::PartitionResult> PartitionForCpuEngine(const ir::Graph& graph,
                                                           partition::PartitionOptions options) {
  options.backend = kCpuBackendName;
  return partition::PartitionGraph(graph, CpuEngineSupports, options);
}

}  // namespace oar::engine::cpu
