// Schemas of the elementwise ops (unary activations, Scale, Clip, broadcasting binary ops, Sum)
// and of the reductions (ReduceMean/Sum/Max, ArgMax). Semantics live in ir/attrs.h; the CPU
// kernels are kernels/cpu/{unary,binary,sum,reduce,arg_max}.cc.
#include <string>
#include <variant>
#include <vector>

#include "ir/op_schema.h"
#include "ir/schemas/tensor_schema_util.h"

namespace oar::ir {

namespace {

bool IsNumeric(DType t) { return t != DType::kUndefined && t != DType::kBool; }

Status RequireFloating(const InferContext& ctx, int i) {
  if (!IsFloating(ctx.input_dtype(i))) return ctx.InputError(i, "a floating dtype (f32, f16, bf16, f64)", "");
  return Status::OK();
}

Status RequireNumeric(const InferContext& ctx, int i) {
  if (!IsNumeric(ctx.input_dtype(i))) return ctx.InputError(i, "a numeric dtype", "");
  return Status::OK();
}

// ---- unary -----------------------------------------------------------------------------------

/// Floating-only activations (Sigmoid, Tanh, Exp, ...): y has x's dtype and shape.
Status InferFloatUnary(InferContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  OAR_RETURN_IF_ERROR(RequireFloating(ctx, 0));
  ctx.set_output(0, ctx.input_dtype(0), ctx.input_shape(0));
  return Status::OK();
}

/// Relu also runs on integer tensors.
Status InferNumericUnary(InferContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  OAR_RETURN_IF_ERROR(RequireNumeric(ctx, 0));
  ctx.set_output(0, ctx.input_dtype(0), ctx.input_shape(0));
  return Status::OK();
}

Status InferLeakyRelu(InferContext& ctx) {
  const LeakyReluAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "LeakyReluAttrs", &a));
  return InferFloatUnary(ctx);
}

Status InferHardSigmoid(InferContext& ctx) {
  const HardSigmoidAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "HardSigmoidAttrs", &a));
  return InferFloatUnary(ctx);
}

Status InferHardSwish(InferContext& ctx) {
  const HardSwishAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "HardSwishAttrs", &a));
  if (a->scale == 0.0f) return ctx.Error("attribute 'scale': expected a non-zero value, got 0");
  return InferFloatUnary(ctx);
}

Status InferSwish(InferContext& ctx) {
  const SwishAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "SwishAttrs", &a));
  return InferFloatUnary(ctx);
}

Status InferGelu(InferContext& ctx) {
  const GeluAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "GeluAttrs", &a));
  return InferFloatUnary(ctx);
}

Status InferClip(InferContext& ctx) {
  const ClipAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "ClipAttrs", &a));
  if (!(a->min <= a->max)) {
    return ctx.Error("attributes 'min'/'max': expected min <= max, got min " + std::to_string(a->min) + " > max " +
                     std::to_string(a->max));
  }
  return InferNumericUnary(ctx);
}

// inputs: X, [ScaleTensor]. The ScaleTensor's contents do not change the output shape, so it is
// not a value input; it must hold exactly one element.
Status InferScale(InferContext& ctx) {
  const ScaleAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "ScaleAttrs", &a));
  if (ctx.has_input(1)) {
    int64_t n = ctx.input_shape(1).NumElements();
    if (n >= 0 && n != 1) return ctx.InputError(1, "a tensor of 1 element (ScaleTensor)", "");
    if (!IsNumeric(ctx.input_dtype(1))) return ctx.InputError(1, "a numeric dtype (ScaleTensor)", "");
  }
  return InferNumericUnary(ctx);
}

// ---- binary / n-ary ----------------------------------------------------------------------------

/// Same dtype for every input, numpy broadcasting of all shapes.
Status InferBroadcast(InferContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  OAR_RETURN_IF_ERROR(RequireNumeric(ctx, 0));
  DType dtype = ctx.input_dtype(0);
  Shape out = ctx.input_shape(0);
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    OAR_RETURN_IF_ERROR(RequireInput(ctx, i));
    if (ctx.input_dtype(i) != dtype) {
      return ctx.InputError(i, std::string("dtype ") + DTypeName(dtype) + " (the dtype of input #0)", "");
    }
    Shape next;
    if (!BroadcastShapes(out, ctx.input_shape(i), &next)) {
      return ctx.InputError(i, "a shape broadcastable (numpy rules) with " + out.ToString(), "");
    }
    out = std::move(next);
  }
  ctx.set_output(0, dtype, std::move(out));
  return Status::OK();
}

// ---- reductions --------------------------------------------------------------------------------

Status InferReduce(InferContext& ctx) {
  const ReduceAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "ReduceAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  OAR_RETURN_IF_ERROR(RequireNumeric(ctx, 0));
  const Shape& in = ctx.input_shape(0);
  const int rank = in.rank();
  std::vector<bool> reduced(static_cast<size_t>(rank), a->reduce_all || a->axes.empty());
  if (!a->reduce_all) {
    for (int64_t axis : a->axes) {
      int ax = 0;
      if (!NormalizeAxis(axis, rank, &ax)) {
        return AxisRangeError(ctx, 0, "axes", axis, rank);
      }
      if (reduced[static_cast<size_t>(ax)]) {
        return ctx.Error("attribute 'axes': axis " + std::to_string(axis) + " listed twice in " +
                         IntListString(a->axes));
      }
      reduced[static_cast<size_t>(ax)] = true;
    }
  }
  Shape out;
  for (int d = 0; d < rank; ++d) {
    if (!reduced[static_cast<size_t>(d)]) {
      out.push_back(in[d]);
    } else if (a->keepdims) {
      out.push_back(1);
    }
  }
  ctx.set_output(0, ctx.input_dtype(0), std::move(out));
  return Status::OK();
}

// flatten: argmax over all elements; the output is [1] (or rank-many 1s with keepdims).
Status InferArgMax(InferContext& ctx) {
  const ArgMaxAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "ArgMaxAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  OAR_RETURN_IF_ERROR(RequireNumeric(ctx, 0));
  if (a->out_dtype != DType::kInt64 && a->out_dtype != DType::kInt32) {
    return ctx.Error(std::string("attribute 'out_dtype': expected i32 or i64, got ") + DTypeName(a->out_dtype));
  }
  const Shape& in = ctx.input_shape(0);
  const int rank = in.rank();
  Shape out;
  if (a->flatten) {
    out = a->keepdims && rank > 0 ? Shape(std::vector<int64_t>(static_cast<size_t>(rank), 1)) : Shape{1};
  } else {
    int ax = 0;
    if (!NormalizeAxis(a->axis, rank, &ax)) {
      return AxisRangeError(ctx, 0, "axis", a->axis, rank);
    }
    if (in[ax] == 0) return ctx.InputError(0, "a non-empty axis " + std::to_string(a->axis), "");
    for (int d = 0; d < rank; ++d) {
      if (d != ax) {
        out.push_back(in[d]);
      } else if (a->keepdims) {
        out.push_back(1);
      }
    }
  }
  if (in.NumElements() == 0) return ctx.InputError(0, "a non-empty tensor", "");
  ctx.set_output(0, a->out_dtype, std::move(out));
  return Status::OK();
}

void Register(OpKind kind, int min_inputs, int max_inputs, InferFn infer) {
  OpSchema s;
  s.kind = kind;
  s.min_inputs = min_inputs;
  s.max_inputs = max_inputs;
  s.num_outputs = 1;
  s.infer = std::move(infer);
  RegisterSchema(std::move(s));
}

}  // namespace

void RegisterElementwiseSchemas() {
  Register(OpKind::kRelu, 1, 1, InferNumericUnary);
  Register(OpKind::kLeakyRelu, 1, 1, InferLeakyRelu);
  Register(OpKind::kSigmoid, 1, 1, InferFloatUnary);
  Register(OpKind::kTanh, 1, 1, InferFloatUnary);
  Register(OpKind::kHardSigmoid, 1, 1, InferHardSigmoid);
  Register(OpKind::kHardSwish, 1, 1, InferHardSwish);
  Register(OpKind::kSwish, 1, 1, InferSwish);
  Register(OpKind::kGelu, 1, 1, InferGelu);
  Register(OpKind::kClip, 1, 1, InferClip);
  Register(OpKind::kExp, 1, 1, InferFloatUnary);
  Register(OpKind::kSqrt, 1, 1, InferFloatUnary);
  Register(OpKind::kScale, 1, 2, InferScale);
  for (OpKind k : {OpKind::kAdd, OpKind::kSub, OpKind::kMul, OpKind::kDiv, OpKind::kMax, OpKind::kMin, OpKind::kPow}) {
    Register(k, 2, 2, InferBroadcast);
  }
  Register(OpKind::kSum, 1, -1, InferBroadcast);
  for (OpKind k : {OpKind::kReduceMean, OpKind::kReduceSum, OpKind::kReduceMax}) Register(k, 1, 1, InferReduce);
  Register(OpKind::kArgMax, 1, 1, InferArgMax);
}

}  // namespace oar::ir
