// Paddle `fill_constant`: Out = a tensor of `dtype` (VarType code, default FP32) filled with `value`
// (or `str_value` when set, which keeps large integers exact). A static `shape` gives a constant
// value directly (no node); a ShapeTensor / ShapeTensorList input or -1 dims give a Fill node.
// ValueTensor must be a constant.
#include <cerrno>
#include <cstdlib>

#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

// A fill_constant larger than this (2^28 elements) is refused rather than allocated.
constexpr int64_t kMaxConstantElements = int64_t{1} << 28;

// Parses str_value: an exact integer for integer dtypes where possible, else a double
// ("inf", "-inf", "nan" included).
bool ParseValue(const std::string& s, DType dtype, double* value, int64_t* int_value, bool* exact_int) {
  const char* begin = s.c_str();
  char* end = nullptr;
  *exact_int = false;
  if (!IsFloating(dtype) && dtype != DType::kBool) {
    errno = 0;
    long long v = std::strtoll(begin, &end, 10);
    if (errno == 0 && end != begin && *end == '\0') {
      *int_value = static_cast<int64_t>(v);
      *value = static_cast<double>(v);
      *exact_int = true;
      return true;
    }
  }
  *value = std::strtod(begin, &end);
  if (end == begin || *end != '\0') return false;
  *int_value = static_cast<int64_t>(*value);
  return true;
}

Tensor FilledTensor(DType dtype, const Shape& shape, double value, int64_t int_value, bool exact_int) {
  Tensor t(dtype, shape);
  const int64_t n = t.numel();
  switch (dtype) {
    case DType::kFloat32:
      for (int64_t i = 0; i < n; ++i) t.data<float>()[i] = static_cast<float>(value);
      break;
    case DType::kFloat64:
      for (int64_t i = 0; i < n; ++i) t.data<double>()[i] = value;
      break;
    case DType::kFloat16: {
      uint16_t h = FloatToHalf(static_cast<float>(value));
      for (int64_t i = 0; i < n; ++i) t.data<uint16_t>()[i] = h;
      break;
    }
    case DType::kBFloat16: {
      uint16_t h = FloatToBFloat16(static_cast<float>(value));
      for (int64_t i = 0; i < n; ++i) t.data<uint16_t>()[i] = h;
      break;
    }
    case DType::kBool:
      for (int64_t i = 0; i < n; ++i) t.data<bool>()[i] = value != 0.0;
      break;
    default: {
      int64_t v = exact_int ? int_value : static_cast<int64_t>(value);
      for (int64_t i = 0; i < n; ++i) {
        switch (dtype) {
          case DType::kInt8: t.data<int8_t>()[i] = static_cast<int8_t>(v); break;
          case DType::kUInt8: t.data<uint8_t>()[i] = static_cast<uint8_t>(v); break;
          case DType::kInt16: t.data<int16_t>()[i] = static_cast<int16_t>(v); break;
          case DType::kInt32: t.data<int32_t>()[i] = static_cast<int32_t>(v); break;
          default: t.data<int64_t>()[i] = v; break;
        }
      }
    }
  }
  return t;
}

Status ConvertFillConstant(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(int64_t code, ctx.Int("dtype", 5));
  OAR_ASSIGN_OR_RETURN(DType dtype, PaddleDTypeAttr(ctx, code, "dtype"));
  OAR_ASSIGN_OR_RETURN(float fvalue, ctx.Float("value", 0.0f));
  OAR_ASSIGN_OR_RETURN(std::string str_value, ctx.String("str_value", ""));
  double value = fvalue;
  int64_t int_value = static_cast<int64_t>(fvalue);
  bool exact_int = false;
  if (!str_value.empty() && !ParseValue(str_value, dtype, &value, &int_value, &exact_int)) {
    return ctx.Error("attribute 'str_value' = \"" + str_value + "\" is not a number");
  }
  OAR_ASSIGN_OR_RETURN(ir::ValueId value_tensor, ctx.OptionalInput("ValueTensor"));
  if (value_tensor != ir::kNoValue) {
    const Tensor* c = ctx.ConstantOf(value_tensor);
    if (!c || c->numel() != 1) {
      return ctx.UnsupportedError(
          "input 'ValueTensor' must be a constant holding one value (a run-time fill value "
          "is not supported)");
    }
    value = c->GetDouble(0);
    int_value = c->GetInt(0);
    exact_int = !IsFloating(c->dtype());
  }
  ctx.IgnoreAttrs({"force_cpu", "place_type"});
  std::vector<int64_t> shape;  // Paddle's default: a 0-D tensor
  ir::ValueId shape_operand = ir::kNoValue;
  if (ctx.HasAttr("shape") || ctx.HasInput("ShapeTensor") || ctx.HasInput("ShapeTensorList")) {
    OAR_RETURN_IF_ERROR(ResolveIntListOperand(ctx, "shape", "ShapeTensor", "ShapeTensorList", &shape, &shape_operand));
  }
  bool static_shape = shape_operand == ir::kNoValue;
  int64_t numel = 1;
  for (int64_t d : shape) {
    static_shape = static_shape && d >= 0;
    if (d > 0) numel = numel > kMaxConstantElements / d ? kMaxConstantElements + 1 : numel * d;
  }
  if (static_shape && numel > kMaxConstantElements) {
    return ctx.UnsupportedError("attribute 'shape' " + IntsToString(shape) + " asks for a constant of more than " +
                                std::to_string(kMaxConstantElements) + " elements");
  }
  if (static_shape) return ctx.SetConstantOutput("Out", FilledTensor(dtype, Shape(shape), value, int_value, exact_int));
  if (shape_operand == ir::kNoValue) {
    return ctx.UnsupportedError("attribute 'shape' " + IntsToString(shape) +
                                " has unknown (-1) dims and no ShapeTensor input gives them");
  }
  ir::FillAttrs attrs;
  attrs.shape = shape;
  attrs.value = exact_int ? static_cast<double>(int_value) : value;
  attrs.dtype = dtype;
  return ctx.Emit(ir::OpKind::kFill, {shape_operand}, attrs);
}

}  // namespace

void RegisterFillConstantConverter(ConverterRegistry& registry) {
  registry.Register("fill_constant", ConvertFillConstant);
}

}  // namespace oar::frontends::paddle
