#include "frontends/paddle/converters/converter_utils.h"

#include <sstream>

namespace oar::frontends::paddle {

std::string IntsToString(const std::vector<int64_t>& v) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << v[i];
  os << "]";
  return os.str();
}

int KnownRank(const ConverterContext& ctx, ir::ValueId v) {
  const ir::Value& val = ctx.value(v);
  return val.dtype == DType::kUndefined ? -1 : val.shape.rank();
}

Status ConvertUnary(ConverterContext& ctx, ir::OpKind kind, ir::Attrs attrs) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  return ctx.Emit(kind, {x}, std::move(attrs));
}

namespace {

// Reshapes `v` (rank `low_rank`, aligned at `axis` of a rank-`high_rank` operand) to high_rank
// by adding size-1 dims around it. `trim` trailing size-1 dims of v are dropped first.
StatusOr<ir::ValueId> AlignOperand(ConverterContext& ctx, ir::ValueId v, int low_rank, int high_rank, int64_t axis,
                                   int trim, const std::string& suffix) {
  const ir::Value& val = ctx.value(v);
  const int kept = low_rank - trim;
  std::vector<int64_t> dims(static_cast<size_t>(high_rank), 1);
  for (int i = 0; i < kept; ++i) dims[static_cast<size_t>(axis + i)] = val.shape[i];
  if (const Tensor* c = ctx.ConstantOf(v)) return ctx.AddConstant(suffix, Reshaped(*c, Shape(dims)));
  ir::ValueId cur = v;
  if (trim > 0) {
    ir::AxesAttrs squeeze;
    for (int i = kept; i < low_rank; ++i) squeeze.axes.push_back(i);
    std::vector<int64_t> kept_dims(val.shape.dims().begin(), val.shape.dims().begin() + kept);
    cur = ctx.AddTemp(ir::OpKind::kSqueeze, {cur}, squeeze, suffix + "_trim", val.dtype, Shape(kept_dims));
  }
  ir::AxesAttrs unsqueeze;
  for (int64_t i = 0; i < high_rank; ++i) {
    if (i < axis || i >= axis + kept) unsqueeze.axes.push_back(i);
  }
  return ctx.AddTemp(ir::OpKind::kUnsqueeze, {cur}, unsqueeze, suffix, val.dtype, Shape(dims));
}

}  // namespace

Status ConvertElementwise(ConverterContext& ctx, ir::OpKind kind) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId y, ctx.Input("Y"));
  OAR_ASSIGN_OR_RETURN(int64_t axis, ctx.Int("axis", -1));
  if (axis == -1) return ctx.Emit(kind, {x, y});  // trailing alignment == numpy broadcasting
  OAR_ASSIGN_OR_RETURN(int rx, ctx.Rank(x));
  OAR_ASSIGN_OR_RETURN(int ry, ctx.Rank(y));
  if (rx == ry) return ctx.Emit(kind, {x, y});
  const bool y_is_low = rx > ry;
  const ir::ValueId low = y_is_low ? y : x;
  const int low_rank = y_is_low ? ry : rx;
  const int high_rank = y_is_low ? rx : ry;
  if (axis < 0 || axis > high_rank) {
    return ctx.Error("attribute 'axis' = " + std::to_string(axis) + " is out of range for operands of rank " +
                     std::to_string(rx) + " and " + std::to_string(ry) + " (expected -1 or 0.." +
                     std::to_string(high_rank) + ")");
  }
  if (axis == high_rank - low_rank) return ctx.Emit(kind, {x, y});
  // Paddle drops trailing size-1 dims of the smaller operand when they would run past the end.
  int trim = 0;
  const Shape& low_shape = ctx.value(low).shape;
  while (axis + (low_rank - trim) > high_rank && trim < low_rank && low_shape[low_rank - 1 - trim] == 1) ++trim;
  if (axis + (low_rank - trim) > high_rank) {
    return ctx.Error("attribute 'axis' = " + std::to_string(axis) + ": operand '" + ctx.value(low).name + "' " +
                     low_shape.ToString() + " does not fit into rank " + std::to_string(high_rank) + " at that axis");
  }
  OAR_ASSIGN_OR_RETURN(ir::ValueId aligned,
                       AlignOperand(ctx, low, low_rank, high_rank, axis, trim, y_is_low ? "y_aligned" : "x_aligned"));
  return y_is_low ? ctx.Emit(kind, {x, aligned}) : ctx.Emit(kind, {aligned, y});
}

Status RequireNchw(ConverterContext& ctx, const std::string& name) {
  OAR_ASSIGN_OR_RETURN(std::string layout, ctx.String(name, "NCHW"));
  if (layout == "NCHW" || layout == "AnyLayout" || layout.empty()) return Status::OK();
  return ctx.UnsupportedAttr(name, "\"" + layout + "\"", "only NCHW");
}

StatusOr<std::vector<int64_t>> PaddlePadsToIr(const ConverterContext& ctx, const std::vector<int64_t>& p) {
  if (p.size() == 2) return std::vector<int64_t>{p[0], p[1], p[0], p[1]};
  if (p.size() == 4) return std::vector<int64_t>{p[0], p[2], p[1], p[3]};
  return ctx.Error("attribute 'paddings': expected 2 ([pad_h, pad_w]) or 4 ([top, bottom, left, right]) values, got " +
                   IntsToString(p));
}

StatusOr<ir::PadMode> PaddingAlgorithm(const ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(std::string algo, ctx.String("padding_algorithm", "EXPLICIT"));
  if (algo == "EXPLICIT" || algo.empty()) return ir::PadMode::kExplicit;
  if (algo == "SAME") return ir::PadMode::kSame;
  if (algo == "VALID") return ir::PadMode::kValid;
  return ctx.UnsupportedAttr("padding_algorithm", "\"" + algo + "\"", "EXPLICIT, SAME or VALID");
}

StatusOr<DType> PaddleDTypeAttr(const ConverterContext& ctx, int64_t code, const std::string& attr) {
  DType dtype;
  if (code < 0 || code > 1000 || !PaddleDTypeToDType(static_cast<int>(code), &dtype)) {
    return ctx.UnsupportedAttr(
        attr, std::to_string(code) + " (" + PaddleTypeName(static_cast<int>(code)) + ")",
        "a Paddle element type oar can hold: BOOL, INT8/16/32/64, UINT8, FP16, BF16, FP32, FP64");
  }
  return dtype;
}

std::vector<int64_t> TensorToInts(const Tensor& t) {
  std::vector<int64_t> out(static_cast<size_t>(t.numel()));
  for (int64_t i = 0; i < t.numel(); ++i) out[static_cast<size_t>(i)] = t.GetInt(i);
  return out;
}

std::vector<float> TensorToFloats(const Tensor& t) {
  std::vector<float> out(static_cast<size_t>(t.numel()));
  for (int64_t i = 0; i < t.numel(); ++i) out[static_cast<size_t>(i)] = static_cast<float>(t.GetDouble(i));
  return out;
}

Tensor Int64Vector(const std::vector<int64_t>& values) {
  return MakeTensor<int64_t>(Shape({static_cast<int64_t>(values.size())}), values.data());
}

Tensor Reshaped(const Tensor& t, Shape shape) { return Tensor(t.dtype(), std::move(shape), t.buffer(), t.offset()); }

bool ConstantScalarList(const ConverterContext& ctx, const std::vector<ir::ValueId>& parts,
                        std::vector<int64_t>* values) {
  values->clear();
  for (ir::ValueId p : parts) {
    const Tensor* c = ctx.ConstantOf(p);
    if (!c) return false;
    for (int64_t v : TensorToInts(*c)) values->push_back(v);
  }
  return true;
}

StatusOr<ir::ValueId> JoinScalarList(ConverterContext& ctx, const std::vector<ir::ValueId>& parts,
                                     const std::string& suffix) {
  std::vector<int64_t> values;
  if (ConstantScalarList(ctx, parts, &values)) return ctx.AddConstant(suffix, Int64Vector(values));
  std::vector<ir::ValueId> pieces;
  for (size_t i = 0; i < parts.size(); ++i) {
    ir::ValueId p = parts[i];
    const std::string part_suffix = suffix + "_" + std::to_string(i);
    if (const Tensor* c = ctx.ConstantOf(p)) {
      if (c->numel() != 1) {
        return ctx.Error("element #" + std::to_string(i) + " of a tensor list must hold one value, got " +
                         c->Describe());
      }
      pieces.push_back(ctx.AddConstant(part_suffix, Int64Vector(TensorToInts(*c))));
      continue;
    }
    const ir::Value& v = ctx.value(p);
    if (v.dtype != DType::kUndefined && (v.shape.rank() > 1 || (v.shape.rank() == 1 && v.shape[0] > 1))) {
      return ctx.Error("element #" + std::to_string(i) + " '" + v.name +
                       "' of a tensor list must hold one value, got " + std::string(DTypeName(v.dtype)) +
                       v.shape.ToString());
    }
    if (v.dtype == DType::kUndefined || v.shape.rank() != 1) {
      p = ctx.AddTemp(ir::OpKind::kReshape, {p}, ir::ReshapeAttrs{{1}}, part_suffix + "_1d", v.dtype, Shape({1}));
    }
    if (ctx.value(p).dtype != DType::kInt64) {
      p = ctx.AddTemp(ir::OpKind::kCast, {p}, ir::CastAttrs{DType::kInt64}, part_suffix + "_i64", DType::kInt64,
                      Shape({1}));
    }
    pieces.push_back(p);
  }
  if (pieces.size() == 1) return pieces[0];
  return ctx.AddTemp(ir::OpKind::kConcat, pieces, ir::AxisAttrs{0}, suffix, DType::kInt64,
                     Shape({static_cast<int64_t>(pieces.size())}));
}

Status ResolveIntListOperand(ConverterContext& ctx, const std::string& name, const std::string& tensor_slot,
                             const std::string& list_slot, std::vector<int64_t>* values, ir::ValueId* operand) {
  *operand = ir::kNoValue;
  OAR_ASSIGN_OR_RETURN(*values, ctx.Ints(name, {}));
  OAR_ASSIGN_OR_RETURN(ir::ValueId tensor, ctx.OptionalInput(tensor_slot));
  OAR_ASSIGN_OR_RETURN(std::vector<ir::ValueId> list, ctx.InputList(list_slot));
  if (tensor != ir::kNoValue) {
    if (const Tensor* c = ctx.ConstantOf(tensor)) {
      *values = TensorToInts(*c);
    } else {
      *operand = tensor;
    }
  } else if (!list.empty()) {
    if (!ConstantScalarList(ctx, list, values)) {
      OAR_ASSIGN_OR_RETURN(*operand, JoinScalarList(ctx, list, name));
    }
  } else if (!ctx.HasAttr(name)) {
    return ctx.Error("no '" + name + "': neither the attribute nor a " + tensor_slot + "/" + list_slot + " input");
  }
  return Status::OK();
}

Status EmitKeepingVarDescRank(ConverterContext& ctx, ir::OpKind kind, std::vector<ir::ValueId> inputs, ir::Attrs attrs,
                              int ir_rank, const std::string& out_slot) {
  std::vector<int64_t> declared;
  if (ir_rank == 0 && ctx.OutputVarDims(out_slot, &declared) && declared.size() == 1) {
    ir::ValueId tmp = ctx.AddTemp(kind, std::move(inputs), std::move(attrs), "rank0");
    return ctx.Emit(ir::OpKind::kReshape, {tmp}, ir::ReshapeAttrs{{1}}, out_slot);
  }
  return ctx.Emit(kind, std::move(inputs), std::move(attrs), out_slot);
}

StatusOr<int64_t> NormalizeAxisAttr(const ConverterContext& ctx, int64_t axis, int rank, const std::string& attr) {
  if (axis < -rank || axis >= rank) {
    return ctx.Error("attribute '" + attr + "' = " + std::to_string(axis) + " is out of range for rank " +
                     std::to_string(rank));
  }
  return axis < 0 ? axis + rank : axis;
}

Status NormalizeAxesAttr(const ConverterContext& ctx, std::vector<int64_t>* axes, int rank, const std::string& attr) {
  for (int64_t& a : *axes) {
    OAR_ASSIGN_OR_RETURN(a, NormalizeAxisAttr(ctx, a, rank, attr));
  }
  return Status::OK();
}

}  // namespace oar::frontends::paddle
