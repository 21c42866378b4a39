// Schemas of the tensor-manipulation ops: Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Concat,
// Split, Stack, Slice, Shape, Cast, Identity, Fill. Semantics live in ir/attrs.h; the CPU kernels
// are kernels/cpu/{reshape,transpose,concat,split,slice,shape,cast,fill}.cc.
//
// Value inputs (Reshape's and Fill's ShapeTensor, Slice's Starts/Ends) decide output shapes: when
// their contents are known (constants at build time, always at run time) they are used; when not,
// the outputs get unknown dims of the right rank, or an error when even the rank is unknowable.
#include <string>
#include <variant>
#include <vector>

#include "ir/op_schema.h"
#include "ir/schemas/tensor_schema_util.h"

namespace oar::ir {

namespace {

bool IsIntDType(DType t) { return t == DType::kInt32 || t == DType::kInt64; }

/// Checks that input i (a shape-like operand) is a 1-D i32/i64 tensor; returns its length
/// (kUnknownDim when unknown) in *len.
Status CheckIntVector(const InferContext& ctx, int i, const char* what, int64_t* len) {
  const Shape& s = ctx.input_shape(i);
  if (!IsIntDType(ctx.input_dtype(i)) || s.rank() > 1) {
    return ctx.InputError(i, std::string("a 1-D i32/i64 tensor (") + what + ")", "");
  }
  *len = s.rank() == 0 ? 1 : s[0];
  return Status::OK();
}

/// Product of known dims; kUnknownDim when any dim is unknown.
int64_t KnownProduct(const std::vector<int64_t>& dims, size_t begin, size_t end) {
  int64_t p = 1;
  for (size_t i = begin; i < end; ++i) {
    if (dims[i] < 0) return kUnknownDim;
    p *= dims[i];
  }
  return p;
}

// ---- Reshape / Flatten / Squeeze / Unsqueeze ---------------------------------------------------

// Paddle semantics: 0 copies the input dim at the same position, -1 is inferred (at most one).
// The dims copied by 0 cancel from both element counts, so -1 is computable whenever the
// remaining input dims are known, even when a copied dim is not.
Status InferReshape(InferContext& ctx) {
  const ReshapeAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "ReshapeAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  const Shape& in = ctx.input_shape(0);
  std::vector<int64_t> target = a->shape;
  if (ctx.has_input(1)) {
    int64_t len = 0;
    OAR_RETURN_IF_ERROR(CheckIntVector(ctx, 1, "ShapeTensor", &len));
    if (const Tensor* v = ctx.input_value(1)) {
      target = ReadInts(*v);
    } else if (len < 0) {
      return ctx.Error(
          "cannot infer the output rank: ShapeTensor (input #1) has an unknown length and "
          "unknown contents");
    } else {
      ctx.set_output(0, ctx.input_dtype(0), Shape(std::vector<int64_t>(static_cast<size_t>(len), kUnknownDim)));
      return Status::OK();
    }
  }
  const std::string target_str = IntListString(target);
  std::vector<int64_t> out(target.size());
  std::vector<char> copied(static_cast<size_t>(in.rank()), 0);
  int infer_pos = -1;
  int64_t rest_out = 1;  // product of the explicit target dims (all > 0, so never 0)
  for (size_t i = 0; i < target.size(); ++i) {
    int64_t t = target[i];
    if (t == 0) {
      if (static_cast<int>(i) >= in.rank()) {
        return ctx.InputError(0,
                              "rank > " + std::to_string(i) + " (target shape " + target_str + " copies dim " +
                                  std::to_string(i) + " with 0)",
                              "");
      }
      out[i] = in[static_cast<int>(i)];
      copied[i] = 1;
    } else if (t == -1) {
      if (infer_pos >= 0) return ctx.Error("target shape " + target_str + " has more than one -1");
      infer_pos = static_cast<int>(i);
    } else if (t < -1) {
      return ctx.Error("target shape " + target_str + " has a negative dim " + std::to_string(t));
    } else {
      out[i] = t;
      rest_out *= t;
    }
  }
  int64_t rest_in = 1;  // product of the input dims not copied by a 0
  for (int d = 0; d < in.rank(); ++d) {
    if (copied[static_cast<size_t>(d)]) continue;
    if (in[d] < 0) {
      rest_in = kUnknownDim;
      break;
    }
    rest_in *= in[d];
  }
  const std::string mismatch = "cannot reshape " + in.ToString() + " to target shape " + target_str;
  if (infer_pos >= 0) {
    if (rest_in < 0) {
      out[static_cast<size_t>(infer_pos)] = kUnknownDim;
    } else if (rest_in % rest_out != 0) {
      return ctx.Error(mismatch + ": " + std::to_string(rest_in) + " elements do not divide by " +
                       std::to_string(rest_out));
    } else {
      out[static_cast<size_t>(infer_pos)] = rest_in / rest_out;
    }
  } else if (rest_in >= 0 && rest_in != rest_out) {
    return ctx.Error(mismatch + ": element counts differ");
  }
  ctx.set_output(0, ctx.input_dtype(0), Shape(std::move(out)));
  return Status::OK();
}

Status InferFlatten(InferContext& ctx) {
  const FlattenAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "FlattenAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  const Shape& in = ctx.input_shape(0);
  if (in.rank() == 0) {  // a scalar flattens to one element
    ctx.set_output(0, ctx.input_dtype(0), Shape{1});
    return Status::OK();
  }
  int start = 0, stop = 0;
  if (!NormalizeAxis(a->start_axis, in.rank(), &start)) {
    return AxisRangeError(ctx, 0, "start_axis", a->start_axis, in.rank());
  }
  if (!NormalizeAxis(a->stop_axis, in.rank(), &stop)) {
    return AxisRangeError(ctx, 0, "stop_axis", a->stop_axis, in.rank());
  }
  if (start > stop) {
    return ctx.Error("attributes 'start_axis' " + std::to_string(a->start_axis) + " and 'stop_axis' " +
                     std::to_string(a->stop_axis) + ": expected start <= stop for rank " + std::to_string(in.rank()));
  }
  Shape out;
  for (int d = 0; d < start; ++d) out.push_back(in[d]);
  out.push_back(KnownProduct(in.dims(), static_cast<size_t>(start), static_cast<size_t>(stop) + 1));
  for (int d = stop + 1; d < in.rank(); ++d) out.push_back(in[d]);
  ctx.set_output(0, ctx.input_dtype(0), std::move(out));
  return Status::OK();
}

// Empty axes squeeze every size-1 dim, which needs every dim known. A listed axis of unknown size
// is assumed to be 1 (the model says so by listing it); a listed axis of known size > 1 is kept.
Status InferSqueeze(InferContext& ctx) {
  const AxesAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "AxesAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  const Shape& in = ctx.input_shape(0);
  std::vector<char> drop(static_cast<size_t>(in.rank()), 0);
  if (a->axes.empty()) {
    for (int d = 0; d < in.rank(); ++d) {
      if (in[d] < 0) {
        return ctx.Error(
            "cannot infer the output rank: attribute 'axes' is empty (squeeze all size-1 dims) and "
            "dim " +
            std::to_string(d) + " of input #0 " + in.ToString() + " is unknown");
      }
      drop[static_cast<size_t>(d)] = in[d] == 1;
    }
  } else {
    for (int64_t axis : a->axes) {
      int ax = 0;
      if (!NormalizeAxis(axis, in.rank(), &ax)) return AxisRangeError(ctx, 0, "axes", axis, in.rank());
      drop[static_cast<size_t>(ax)] = in[ax] == 1 || in[ax] < 0;
    }
  }
  Shape out;
  for (int d = 0; d < in.rank(); ++d) {
    if (!drop[static_cast<size_t>(d)]) out.push_back(in[d]);
  }
  ctx.set_output(0, ctx.input_dtype(0), std::move(out));
  return Status::OK();
}

// Axes are applied in order, each relative to the shape built so far (Paddle): a negative axis
// counts from the end of the current shape plus one.
Status InferUnsqueeze(InferContext& ctx) {
  const AxesAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "AxesAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  std::vector<int64_t> out = ctx.input_shape(0).dims();
  for (int64_t axis : a->axes) {
    int64_t cur = static_cast<int64_t>(out.size());
    int64_t pos = axis < 0 ? axis + cur + 1 : axis;
    if (pos < 0 || pos > cur) {
      return ctx.Error("attribute 'axes' " + IntListString(a->axes) + ": axis " + std::to_string(axis) +
                       " out of range [" + std::to_string(-cur - 1) + ", " + std::to_string(cur) +
                       "] for an intermediate rank " + std::to_string(cur));
    }
    out.insert(out.begin() + pos, 1);
  }
  ctx.set_output(0, ctx.input_dtype(0), Shape(std::move(out)));
  return Status::OK();
}

// ---- Transpose ---------------------------------------------------------------------------------

// Empty perm reverses the dims (numpy/ONNX default).
Status InferTranspose(InferContext& ctx) {
  const TransposeAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "TransposeAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  const Shape& in = ctx.input_shape(0);
  const int rank = in.rank();
  const std::string perm_str = IntListString(a->perm);
  if (!a->perm.empty() && static_cast<int>(a->perm.size()) != rank) {
    return ctx.InputError(0, "rank " + std::to_string(a->perm.size()) + " to match attribute 'perm' " + perm_str, "");
  }
  std::vector<char> seen(static_cast<size_t>(rank), 0);
  Shape out;
  for (int i = 0; i < rank; ++i) {
    int p = rank - 1 - i;
    if (!a->perm.empty() && !NormalizeAxis(a->perm[static_cast<size_t>(i)], rank, &p)) {
      return ctx.Error("attribute 'perm' " + perm_str + ": entry " + std::to_string(a->perm[static_cast<size_t>(i)]) +
                       " out of range for rank " + std::to_string(rank));
    }
    if (seen[static_cast<size_t>(p)]) {
      return ctx.Error("attribute 'perm' " + perm_str + ": expected a permutation of 0.." + std::to_string(rank - 1) +
                       ", dim " + std::to_string(p) + " appears twice");
    }
    seen[static_cast<size_t>(p)] = 1;
    out.push_back(in[p]);
  }
  ctx.set_output(0, ctx.input_dtype(0), std::move(out));
  return Status::OK();
}

// ---- Concat / Stack / Split --------------------------------------------------------------------

/// Checks that input i has input #0's dtype and rank and agrees with `ref` on every dim except
/// `skip_axis` (unknown dims agree with anything); fills unknown dims of `ref` from input i.
Status CheckSameShape(const InferContext& ctx, int i, int skip_axis, std::vector<int64_t>* ref) {
  OAR_RETURN_IF_ERROR(RequireInput(ctx, i));
  if (ctx.input_dtype(i) != ctx.input_dtype(0)) {
    return ctx.InputError(i, std::string("dtype ") + DTypeName(ctx.input_dtype(0)) + " (the dtype of input #0)", "");
  }
  const Shape& s = ctx.input_shape(i);
  if (s.rank() != static_cast<int>(ref->size())) {
    return ctx.InputError(i, "rank " + std::to_string(ref->size()) + " (the rank of input #0)", "");
  }
  for (int d = 0; d < s.rank(); ++d) {
    int64_t& r = (*ref)[static_cast<size_t>(d)];
    if (d == skip_axis || s[d] < 0) continue;
    if (r >= 0 && r != s[d]) {
      return ctx.InputError(i,
                            "dim " + std::to_string(d) + " = " + std::to_string(r) + " as in " +
                                ctx.input_shape(0).ToString() + " (input #0)",
                            "");
    }
    r = s[d];
  }
  return Status::OK();
}

Status InferConcat(InferContext& ctx) {
  const AxisAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "AxisAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  const int rank = ctx.input_shape(0).rank();
  int ax = 0;
  if (!NormalizeAxis(a->axis, rank, &ax)) return AxisRangeError(ctx, 0, "axis", a->axis, rank);
  std::vector<int64_t> out = ctx.input_shape(0).dims();
  int64_t total = 0;
  for (int i = 0; i < ctx.num_inputs(); ++i) {
    OAR_RETURN_IF_ERROR(CheckSameShape(ctx, i, ax, &out));
    int64_t d = ctx.input_shape(i)[ax];
    total = (total < 0 || d < 0) ? kUnknownDim : total + d;
  }
  out[static_cast<size_t>(ax)] = total;
  ctx.set_output(0, ctx.input_dtype(0), Shape(std::move(out)));
  return Status::OK();
}

// Stack: every input has the same shape; the new axis is in [-(rank+1), rank].
Status InferStack(InferContext& ctx) {
  const AxisAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "AxisAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  const int rank = ctx.input_shape(0).rank();
  int ax = 0;
  if (!NormalizeAxis(a->axis, rank + 1, &ax)) return AxisRangeError(ctx, 0, "axis", a->axis, rank + 1);
  std::vector<int64_t> out = ctx.input_shape(0).dims();
  for (int i = 1; i < ctx.num_inputs(); ++i) OAR_RETURN_IF_ERROR(CheckSameShape(ctx, i, -1, &out));
  out.insert(out.begin() + ax, ctx.num_inputs());
  ctx.set_output(0, ctx.input_dtype(0), Shape(std::move(out)));
  return Status::OK();
}

// `sections` (one may be -1 = the rest), else `num` equal parts, else as many equal parts as the
// node has outputs.
Status InferSplit(InferContext& ctx) {
  const SplitAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "SplitAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  const Shape& in = ctx.input_shape(0);
  int ax = 0;
  if (!NormalizeAxis(a->axis, in.rank(), &ax)) return AxisRangeError(ctx, 0, "axis", a->axis, in.rank());
  const int64_t dim = in[ax];
  const int n = ctx.num_outputs();
  std::vector<int64_t> sizes;
  if (!a->sections.empty()) {
    const std::string sec = IntListString(a->sections);
    if (static_cast<int>(a->sections.size()) != n) {
      return ctx.Error("attribute 'sections' " + sec + ": expected " + std::to_string(n) +
                       " sections (one per output), got " + std::to_string(a->sections.size()));
    }
    int infer_pos = -1;
    int64_t known = 0;
    for (size_t i = 0; i < a->sections.size(); ++i) {
      int64_t s = a->sections[i];
      if (s == -1) {
        if (infer_pos >= 0) return ctx.Error("attribute 'sections' " + sec + ": more than one -1");
        infer_pos = static_cast<int>(i);
      } else if (s < 0) {
        return ctx.Error("attribute 'sections' " + sec + ": negative section " + std::to_string(s));
      } else {
        known += s;
      }
    }
    sizes = a->sections;
    if (dim >= 0) {
      if (infer_pos >= 0 ? known > dim : known != dim) {
        return ctx.InputError(0,
                              "dim " + std::to_string(ax) + (infer_pos >= 0 ? " >= " : " = ") + std::to_string(known) +
                                  " (the sum of attribute 'sections' " + sec + ")",
                              "");
      }
      if (infer_pos >= 0) sizes[static_cast<size_t>(infer_pos)] = dim - known;
    } else if (infer_pos >= 0) {
      sizes[static_cast<size_t>(infer_pos)] = kUnknownDim;
    }
  } else {
    int64_t num = a->num > 0 ? a->num : n;
    if (num != n) {
      return ctx.Error("attribute 'num' " + std::to_string(a->num) + ": expected the number of outputs " +
                       std::to_string(n));
    }
    if (num <= 0) return ctx.Error("expected at least one output");
    if (dim >= 0 && dim % num != 0) {
      return ctx.InputError(0, "dim " + std::to_string(ax) + " divisible into " + std::to_string(num) + " equal parts",
                            "");
    }
    sizes.assign(static_cast<size_t>(num), dim >= 0 ? dim / num : kUnknownDim);
  }
  for (int i = 0; i < n; ++i) {
    Shape s = in;
    s[ax] = sizes[static_cast<size_t>(i)];
    ctx.set_output(i, ctx.input_dtype(0), std::move(s));
  }
  return Status::OK();
}

// ---- Slice -------------------------------------------------------------------------------------

// inputs: X, [Starts], [Ends]. Known Starts/Ends contents replace the attributes; unknown ones
// make the sliced dims unknown. decrease_axes must be sliced axes of extent 1 (when known).
Status InferSlice(InferContext& ctx) {
  const SliceAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "SliceAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  const Shape& in = ctx.input_shape(0);
  const size_t naxes = a->axes.size();
  std::vector<int64_t> bounds[2] = {a->starts, a->ends};
  bool known = true;
  const char* names[2] = {"Starts", "Ends"};
  const char* attr_names[2] = {"starts", "ends"};
  for (int k = 0; k < 2; ++k) {
    if (ctx.has_input(k + 1)) {
      int64_t len = 0;
      OAR_RETURN_IF_ERROR(CheckIntVector(ctx, k + 1, names[k], &len));
      if (len >= 0 && static_cast<size_t>(len) != naxes) {
        return ctx.InputError(k + 1, std::to_string(naxes) + " elements (one per attribute 'axes' entry)", "");
      }
      if (const Tensor* v = ctx.input_value(k + 1)) {
        bounds[k] = ReadInts(*v);
      } else {
        known = false;
      }
    } else if (bounds[k].size() != naxes) {
      return ctx.Error(std::string("attribute '") + attr_names[k] + "' " + IntListString(bounds[k]) + ": expected " +
                       std::to_string(naxes) + " values (one per attribute 'axes' entry)");
    }
  }
  if (!a->steps.empty() && a->steps.size() != naxes) {
    return ctx.Error("attribute 'steps' " + IntListString(a->steps) + ": expected " + std::to_string(naxes) +
                     " values (one per attribute 'axes' entry) or none");
  }
  std::vector<int64_t> out = in.dims();
  std::vector<char> sliced(static_cast<size_t>(in.rank()), 0);
  for (size_t i = 0; i < naxes; ++i) {
    int ax = 0;
    if (!NormalizeAxis(a->axes[i], in.rank(), &ax)) return AxisRangeError(ctx, 0, "axes", a->axes[i], in.rank());
    if (sliced[static_cast<size_t>(ax)]) {
      return ctx.Error("attribute 'axes' " + IntListString(a->axes) + ": axis " + std::to_string(a->axes[i]) +
                       " listed twice");
    }
    sliced[static_cast<size_t>(ax)] = 1;
    int64_t step = a->steps.empty() ? 1 : a->steps[i];
    if (step == 0) return ctx.Error("attribute 'steps' " + IntListString(a->steps) + ": a step is 0");
    int64_t& d = out[static_cast<size_t>(ax)];
    if (!known || d < 0) {
      d = kUnknownDim;
      continue;
    }
    int64_t first = 0, count = 0;
    ResolveSliceAxis(bounds[0][i], bounds[1][i], step, d, &first, &count);
    d = count;
  }
  std::vector<char> drop(static_cast<size_t>(in.rank()), 0);
  for (int64_t axis : a->decrease_axes) {
    int ax = 0;
    if (!NormalizeAxis(axis, in.rank(), &ax) || !sliced[static_cast<size_t>(ax)]) {
      return ctx.Error("attribute 'decrease_axes' " + IntListString(a->decrease_axes) + ": axis " +
                       std::to_string(axis) + " is not one of the sliced axes " + IntListString(a->axes));
    }
    if (out[static_cast<size_t>(ax)] >= 0 && out[static_cast<size_t>(ax)] != 1) {
      return ctx.Error("attribute 'decrease_axes': axis " + std::to_string(axis) + " has extent " +
                       std::to_string(out[static_cast<size_t>(ax)]) + " after slicing " + in.ToString() +
                       ", expected 1");
    }
    drop[static_cast<size_t>(ax)] = 1;
  }
  Shape result;
  for (int d = 0; d < in.rank(); ++d) {
    if (!drop[static_cast<size_t>(d)]) result.push_back(out[static_cast<size_t>(d)]);
  }
  ctx.set_output(0, ctx.input_dtype(0), std::move(result));
  return Status::OK();
}

// ---- Shape / Cast / Identity / Fill ------------------------------------------------------------

// The output's contents are known at build time whenever the input shape is static; folding it
// into a constant is the constant-folding pass's job, not inference's.
Status InferShape(InferContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  ctx.set_output(0, DType::kInt64, Shape{ctx.input_shape(0).rank()});
  return Status::OK();
}

Status InferCast(InferContext& ctx) {
  const CastAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "CastAttrs", &a));
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  if (a->to == DType::kUndefined) return ctx.Error("attribute 'to': expected a defined dtype, got undefined");
  if (ctx.input_dtype(0) == DType::kUndefined) return ctx.InputError(0, "a defined dtype", "");
  ctx.set_output(0, a->to, ctx.input_shape(0));
  return Status::OK();
}

Status InferIdentity(InferContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireInput(ctx, 0));
  ctx.set_output(0, ctx.input_dtype(0), ctx.input_shape(0));
  return Status::OK();
}

Status InferFill(InferContext& ctx) {
  const FillAttrs* a = nullptr;
  OAR_RETURN_IF_ERROR(GetNodeAttrs(ctx, "FillAttrs", &a));
  if (a->dtype == DType::kUndefined) return ctx.Error("attribute 'dtype': expected a defined dtype, got undefined");
  std::vector<int64_t> dims = a->shape;
  const char* source = "attribute 'shape'";
  if (ctx.has_input(0)) {
    int64_t len = 0;
    OAR_RETURN_IF_ERROR(CheckIntVector(ctx, 0, "ShapeTensor", &len));
    if (const Tensor* v = ctx.input_value(0)) {
      dims = ReadInts(*v);
      source = "ShapeTensor (input #0)";
    } else if (len < 0) {
      return ctx.Error(
          "cannot infer the output rank: ShapeTensor (input #0) has an unknown length and unknown "
          "contents");
    } else {
      ctx.set_output(0, a->dtype, Shape(std::vector<int64_t>(static_cast<size_t>(len), kUnknownDim)));
      return Status::OK();
    }
  }
  for (int64_t d : dims) {
    if (d < 0) return ctx.Error(std::string(source) + " " + IntListString(dims) + ": expected dims >= 0");
  }
  ctx.set_output(0, a->dtype, Shape(std::move(dims)));
  return Status::OK();
}

void Register(OpKind kind, int min_inputs, int max_inputs, InferFn infer, std::vector<int> value_inputs = {},
              int num_outputs = 1) {
  OpSchema s;
  s.kind = kind;
  s.min_inputs = min_inputs;
  s.max_inputs = max_inputs;
  s.num_outputs = num_outputs;
  s.value_inputs = std::move(value_inputs);
  s.infer = std::move(infer);
  RegisterSchema(std::move(s));
}

}  // namespace

void RegisterTensorSchemas() {
  Register(OpKind::kReshape, 1, 2, InferReshape, {1});
  Register(OpKind::kFlatten, 1, 1, InferFlatten);
  Register(OpKind::kTranspose, 1, 1, InferTranspose);
  Register(OpKind::kSqueeze, 1, 1, InferSqueeze);
  Register(OpKind::kUnsqueeze, 1, 1, InferUnsqueeze);
  Register(OpKind::kConcat, 1, -1, InferConcat);
  // Split has as many outputs as its node lists (-1: variable, like max_inputs).
  Register(OpKind::kSplit, 1, 1, InferSplit, {}, -1);
  Register(OpKind::kStack, 1, -1, InferStack);
  Register(OpKind::kSlice, 1, 3, InferSlice, {1, 2});
  Register(OpKind::kShape, 1, 1, InferShape);
  Register(OpKind::kCast, 1, 1, InferCast);
  Register(OpKind::kIdentity, 1, 1, InferIdentity);
  Register(OpKind::kFill, 0, 1, InferFill, {0});
}

}  // namespace oar::ir
