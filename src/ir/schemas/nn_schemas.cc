// Schemas of the NN ops: Conv2d, BatchNorm, LayerNorm, Pool2d, MatMul, Softmax, Lrn, Resize, Pad.
// Inference accepts kUnknownDim anywhere: a check runs only when the dims it needs are known,
// and an output dim that depends on an unknown one is kUnknownDim.
#include <string>
#include <vector>

#include "ir/op_schema.h"
#include "ir/schemas/nn_shape_util.h"

namespace oar::ir {

namespace {

bool Known(int64_t d) { return d >= 0; }

std::string VecToString(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

// Input 0 must be floating point (when its dtype is known); the other listed inputs, when
// present, must have the same dtype.
Status CheckFloatInputs(const InferContext& ctx, std::initializer_list<int> others) {
  if (!ctx.has_input(0)) return ctx.InputError(0, "a tensor", "");
  DType t = ctx.input_dtype(0);
  if (t != DType::kUndefined && !IsFloating(t)) return ctx.InputError(0, "a floating-point tensor", "");
  for (int i : others) {
    if (!ctx.has_input(i) || t == DType::kUndefined || ctx.input_dtype(i) == DType::kUndefined) continue;
    if (ctx.input_dtype(i) != t) {
      return ctx.InputError(i, std::string(DTypeName(t)) + " (the dtype of input #0)", "");
    }
  }
  return Status::OK();
}

Status CheckRank(const InferContext& ctx, int i, int rank) {
  if (ctx.input_shape(i).rank() != rank) return ctx.InputError(i, "rank " + std::to_string(rank), "");
  return Status::OK();
}

// Attribute vectors: `count` values, each >= min_value.
Status CheckAttrVector(const InferContext& ctx, const char* name, const std::vector<int64_t>& v, size_t count,
                       int64_t min_value) {
  bool ok = v.size() == count;
  for (int64_t x : v) ok = ok && x >= min_value;
  if (!ok) {
    return ctx.Error(std::string("attribute '") + name + "': expected " + std::to_string(count) +
                     " values >= " + std::to_string(min_value) + ", got " + VecToString(v));
  }
  return Status::OK();
}

// A 1-D per-channel parameter of `channels` elements (rank 1; a known size must match).
Status CheckChannelVector(const InferContext& ctx, int i, int64_t channels, const std::string& what) {
  const Shape& s = ctx.input_shape(i);
  if (s.rank() != 1 || (Known(channels) && Known(s[0]) && s[0] != channels)) {
    return ctx.InputError(i, what + " of shape [" + (Known(channels) ? std::to_string(channels) : "C") + "]", "");
  }
  return Status::OK();
}

Status CheckOutputSpatial(const InferContext& ctx, int64_t oh, int64_t ow) {
  if ((Known(oh) && oh <= 0) || (Known(ow) && ow <= 0)) {
    return ctx.InputError(
        0, "a spatial size giving a positive output size",
        ctx.input_shape(0).ToString() + " (output " + std::to_string(oh) + "x" + std::to_string(ow) + ")");
  }
  return Status::OK();
}

Status InferConv2d(InferContext& ctx) {
  const auto& a = ctx.node().attr<Conv2dAttrs>();
  OAR_RETURN_IF_ERROR(CheckFloatInputs(ctx, {1, 2, 3}));
  OAR_RETURN_IF_ERROR(CheckRank(ctx, 0, 4));
  OAR_RETURN_IF_ERROR(CheckRank(ctx, 1, 4));
  OAR_RETURN_IF_ERROR(CheckAttrVector(ctx, "strides", a.strides, 2, 1));
  OAR_RETURN_IF_ERROR(CheckAttrVector(ctx, "dilations", a.dilations, 2, 1));
  if (a.pad_mode == PadMode::kExplicit) OAR_RETURN_IF_ERROR(CheckAttrVector(ctx, "pads", a.pads, 4, 0));
  if (a.groups < 1) return ctx.Error("attribute 'groups': expected >= 1, got " + std::to_string(a.groups));
  const Shape& x = ctx.input_shape(0);
  const Shape& w = ctx.input_shape(1);
  const int64_t c = x[1], m = w[0], cg = w[1];
  if (Known(c) && c % a.groups != 0) {
    return ctx.InputError(0, "channels divisible by groups=" + std::to_string(a.groups), "");
  }
  if (Known(c) && Known(cg) && cg * a.groups != c) {
    return ctx.InputError(1,
                          "weight [M," + std::to_string(c / a.groups) + ",kh,kw] (input channels " + std::to_string(c) +
                              " / groups " + std::to_string(a.groups) + ")",
                          "");
  }
  if (Known(m) && m % a.groups != 0) {
    return ctx.InputError(1, "output channels divisible by groups=" + std::to_string(a.groups), "");
  }
  if (ctx.has_input(2)) OAR_RETURN_IF_ERROR(CheckChannelVector(ctx, 2, m, "bias"));
  Window2d g = ResolveConv2d(a, x[2], x[3], w[2], w[3]);
  OAR_RETURN_IF_ERROR(CheckOutputSpatial(ctx, g.out[0], g.out[1]));
  const Shape y{x[0], m, g.out[0], g.out[1]};
  // The fused residual (Sum) is added elementwise without broadcasting: exactly the output's shape.
  if (ctx.has_input(3)) {
    const Shape& s = ctx.input_shape(3);
    bool same = s.rank() == 4;
    for (int d = 0; same && d < 4; ++d) same = !Known(s[d]) || !Known(y[d]) || s[d] == y[d];
    if (!same) return ctx.InputError(3, "a residual (Sum) of the output's shape " + y.ToString(), "");
  }
  ctx.set_output(0, ctx.input_dtype(0), y);
  return Status::OK();
}

Status InferBatchNorm(InferContext& ctx) {
  OAR_RETURN_IF_ERROR(CheckFloatInputs(ctx, {1, 2, 3, 4}));
  const Shape& x = ctx.input_shape(0);
  if (x.rank() < 2) return ctx.InputError(0, "rank >= 2 ([N,C,...])", "");
  static const char* const kNames[] = {"", "scale", "bias", "mean", "variance"};
  for (int i = 1; i <= 4; ++i) OAR_RETURN_IF_ERROR(CheckChannelVector(ctx, i, x[1], kNames[i]));
  ctx.set_output(0, ctx.input_dtype(0), x);
  return Status::OK();
}

Status InferLayerNorm(InferContext& ctx) {
  const auto& a = ctx.node().attr<LayerNormAttrs>();
  OAR_RETURN_IF_ERROR(CheckFloatInputs(ctx, {1, 2}));
  const Shape& x = ctx.input_shape(0);
  int axis = 0;
  if (!NormalizeAxis(a.begin_norm_axis, x.rank(), &axis)) {
    return ctx.InputError(0, "a rank greater than begin_norm_axis=" + std::to_string(a.begin_norm_axis), "");
  }
  int64_t norm = 1;
  for (int d = axis; d < x.rank(); ++d) norm = (Known(norm) && Known(x[d])) ? norm * x[d] : kUnknownDim;
  for (int i = 1; i <= 2; ++i) {
    if (!ctx.has_input(i)) continue;
    int64_t n = ctx.input_shape(i).NumElements();
    if (Known(norm) && Known(n) && n != norm) {
      return ctx.InputError(
          i, std::to_string(norm) + " elements (the normalised dims of input #0 " + x.ToString() + ")", "");
    }
  }
  ctx.set_output(0, ctx.input_dtype(0), x);
  return Status::OK();
}

Status InferPool2d(InferContext& ctx) {
  const auto& a = ctx.node().attr<Pool2dAttrs>();
  OAR_RETURN_IF_ERROR(CheckFloatInputs(ctx, {}));
  OAR_RETURN_IF_ERROR(CheckRank(ctx, 0, 4));
  if (!a.global) OAR_RETURN_IF_ERROR(CheckAttrVector(ctx, "kernel", a.kernel, 2, 1));
  if (!a.global && !a.adaptive) {
    OAR_RETURN_IF_ERROR(CheckAttrVector(ctx, "strides", a.strides, 2, 1));
    if (a.pad_mode == PadMode::kExplicit) OAR_RETURN_IF_ERROR(CheckAttrVector(ctx, "pads", a.pads, 4, 0));
  }
  const Shape& x = ctx.input_shape(0);
  Window2d g = ResolvePool2d(a, x[2], x[3]);
  OAR_RETURN_IF_ERROR(CheckOutputSpatial(ctx, g.out[0], g.out[1]));
  ctx.set_output(0, ctx.input_dtype(0), Shape{x[0], x[1], g.out[0], g.out[1]});
  return Status::OK();
}

Status InferMatMul(InferContext& ctx) {
  const auto& attrs = ctx.node().attr<MatMulAttrs>();
  OAR_RETURN_IF_ERROR(CheckFloatInputs(ctx, {1, 2}));
  const Shape& a = ctx.input_shape(0);
  const Shape& b = ctx.input_shape(1);
  if (a.rank() < 1) return ctx.InputError(0, "rank >= 1", "");
  if (b.rank() < 1) return ctx.InputError(1, "rank >= 1", "");
  // Rank-1 operands are promoted ([K] -> [1,K] for A, [K,1] for B); transposes apply to rank >= 2.
  const bool a1 = a.rank() == 1, b1 = b.rank() == 1;
  const int ra = a.rank(), rb = b.rank();
  const int64_t m = a1 ? 1 : (attrs.transpose_a ? a[ra - 1] : a[ra - 2]);
  const int64_t ka = a1 ? a[0] : (attrs.transpose_a ? a[ra - 2] : a[ra - 1]);
  const int64_t kb = b1 ? b[0] : (attrs.transpose_b ? b[rb - 1] : b[rb - 2]);
  const int64_t n = b1 ? 1 : (attrs.transpose_b ? b[rb - 2] : b[rb - 1]);
  if (Known(ka) && Known(kb) && ka != kb) {
    return ctx.InputError(1,
                          "a contraction dim of " + std::to_string(ka) + " (from input #0 " + a.ToString() +
                              (attrs.transpose_a ? ", transposed" : "") + ")",
                          std::to_string(kb) + " in " + b.ToString() + (attrs.transpose_b ? ", transposed" : ""));
  }
  Shape batch_a(std::vector<int64_t>(a.dims().begin(), a.dims().end() - (a1 ? 1 : 2)));
  Shape batch_b(std::vector<int64_t>(b.dims().begin(), b.dims().end() - (b1 ? 1 : 2)));
  Shape out;
  if (!BroadcastShapes(batch_a, batch_b, &out)) {
    return ctx.InputError(1, "batch dims broadcastable with " + batch_a.ToString() + " (input #0 " + a.ToString() + ")",
                          "");
  }
  if (!a1) out.push_back(m);
  if (!b1) out.push_back(n);
  if (ctx.has_input(2)) {
    const Shape& bias = ctx.input_shape(2);
    bool ok = bias.rank() <= out.rank();
    for (int i = 0; ok && i < bias.rank(); ++i) {
      int64_t bd = bias[i], od = out[out.rank() - bias.rank() + i];
      ok = bd == 1 || !Known(bd) || !Known(od) || bd == od;
    }
    if (!ok) return ctx.InputError(2, "a bias broadcastable onto the result " + out.ToString(), "");
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
  return Status::OK();
}

Status InferSoftmax(InferContext& ctx) {
  const auto& a = ctx.node().attr<SoftmaxAttrs>();
  OAR_RETURN_IF_ERROR(CheckFloatInputs(ctx, {}));
  int axis = 0;
  if (!NormalizeAxis(a.axis, ctx.input_shape(0).rank(), &axis)) {
    return ctx.InputError(0, "a rank that has axis " + std::to_string(a.axis), "");
  }
  ctx.set_output(0, ctx.input_dtype(0), ctx.input_shape(0));
  return Status::OK();
}

Status InferLrn(InferContext& ctx) {
  const auto& a = ctx.node().attr<LrnAttrs>();
  OAR_RETURN_IF_ERROR(CheckFloatInputs(ctx, {}));
  OAR_RETURN_IF_ERROR(CheckRank(ctx, 0, 4));
  if (a.size < 1) return ctx.Error("attribute 'size': expected >= 1, got " + std::to_string(a.size));
  ctx.set_output(0, ctx.input_dtype(0), ctx.input_shape(0));
  return Status::OK();
}

Status InferResize(InferContext& ctx) {
  const auto& a = ctx.node().attr<ResizeAttrs>();
  OAR_RETURN_IF_ERROR(CheckFloatInputs(ctx, {}));
  OAR_RETURN_IF_ERROR(CheckRank(ctx, 0, 4));
  if (a.align_mode != 0 && a.align_mode != 1) {
    return ctx.Error("attribute 'align_mode': expected 0 or 1, got " + std::to_string(a.align_mode));
  }
  if (ctx.has_input(1)) {
    DType t = ctx.input_dtype(1);
    int64_t n = ctx.input_shape(1).NumElements();
    if ((t != DType::kInt32 && t != DType::kInt64) || (Known(n) && n != 2)) {
      return ctx.InputError(1, "OutSize as i32/i64 [2] (out_h, out_w)", "");
    }
  }
  if (ctx.has_input(2)) {
    int64_t n = ctx.input_shape(2).NumElements();
    if (!IsFloating(ctx.input_dtype(2)) || (Known(n) && n != 1 && n != 2)) {
      return ctx.InputError(2, "Scale as a floating-point tensor of 1 or 2 elements", "");
    }
  }
  const Shape& x = ctx.input_shape(0);
  if (x[2] == 0 || x[3] == 0) return ctx.InputError(0, "a non-empty spatial size", "");
  int64_t oh = kUnknownDim, ow = kUnknownDim;
  if (!ResizeOutputSize(a, x[2], x[3], ctx.has_input(1), ctx.input_value(1), ctx.has_input(2), ctx.input_value(2), &oh,
                        &ow)) {
    return ctx.Error("no output size: expected an OutSize or Scale input, out_h/out_w > 0 or scale_h/scale_w > 0");
  }
  if (ctx.has_input(1) && ctx.input_value(1) && (oh <= 0 || ow <= 0)) {
    return ctx.InputError(1, "a positive output size", "[" + std::to_string(oh) + "," + std::to_string(ow) + "]");
  }
  if (!ctx.has_input(1) && ctx.has_input(2) && ctx.input_value(2) && !(a.out_h > 0 && a.out_w > 0)) {
    float sh = -1, sw = -1;
    ResizeScales(a, ctx.input_value(2), &sh, &sw);
    if (sh <= 0.0f || sw <= 0.0f) {
      return ctx.InputError(2, "positive scales", ctx.input_value(2)->Describe() + " with non-positive values");
    }
  }
  if ((Known(oh) && oh <= 0) || (Known(ow) && ow <= 0)) {
    return ctx.InputError(0, "a size giving a positive output size",
                          x.ToString() + " (output " + std::to_string(oh) + "x" + std::to_string(ow) + ")");
  }
  ctx.set_output(0, ctx.input_dtype(0), Shape{x[0], x[1], oh, ow});
  return Status::OK();
}

Status InferPad(InferContext& ctx) {
  const auto& a = ctx.node().attr<PadAttrs>();
  if (!ctx.has_input(0)) return ctx.InputError(0, "a tensor", "");
  const Shape& x = ctx.input_shape(0);
  const int r = x.rank();
  if (a.pads.size() != static_cast<size_t>(2 * r)) {
    return ctx.Error("attribute 'pads': expected " + std::to_string(2 * r) + " values (begin and end for rank " +
                     std::to_string(r) + " input #0), got " + VecToString(a.pads));
  }
  Shape out = x;
  for (int d = 0; d < r; ++d) {
    const int64_t b = a.pads[static_cast<size_t>(d)], e = a.pads[static_cast<size_t>(d + r)];
    if (!Known(x[d])) continue;
    if (a.type == PadType::kReflect && (b > x[d] - 1 || e > x[d] - 1)) {
      return ctx.InputError(
          0, "reflect pads of dim " + std::to_string(d) + " at most size-1 = " + std::to_string(x[d] - 1),
          "pads " + VecToString(a.pads) + " for " + x.ToString());
    }
    if (a.type == PadType::kEdge && x[d] == 0 && (b > 0 || e > 0)) {
      return ctx.InputError(0, "a non-empty dim " + std::to_string(d) + " to edge-pad", "");
    }
    out[d] = x[d] + b + e;
    if (out[d] < 0) {
      return ctx.InputError(0, "pads leaving a non-negative size on dim " + std::to_string(d),
                            "pads " + VecToString(a.pads) + " for " + x.ToString());
    }
  }
  ctx.set_output(0, ctx.input_dtype(0), out);
  return Status::OK();
}

OpSchema Make(OpKind kind, int min_inputs, int max_inputs, InferFn infer) {
  OpSchema s;
  s.kind = kind;
  s.min_inputs = min_inputs;
  s.max_inputs = max_inputs;
  s.infer = std::move(infer);
  return s;
}

}  // namespace

void RegisterNnSchemas() {
  RegisterSchema(Make(OpKind::kConv2d, 2, 4, InferConv2d));
  RegisterSchema(Make(OpKind::kBatchNorm, 5, 5, InferBatchNorm));
  RegisterSchema(Make(OpKind::kLayerNorm, 1, 3, InferLayerNorm));
  RegisterSchema(Make(OpKind::kPool2d, 1, 1, InferPool2d));
  RegisterSchema(Make(OpKind::kMatMul, 2, 3, InferMatMul));
  RegisterSchema(Make(OpKind::kSoftmax, 1, 1, InferSoftmax));
  RegisterSchema(Make(OpKind::kLrn, 1, 1, InferLrn));
  OpSchema resize = Make(OpKind::kResize, 1, 3, InferResize);
  resize.value_inputs = {1, 2};
  RegisterSchema(std::move(resize));
  RegisterSchema(Make(OpKind::kPad, 1, 1, InferPad));
}

}  // namespace oar::ir
