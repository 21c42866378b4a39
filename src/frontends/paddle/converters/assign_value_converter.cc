// Paddle `assign_value`: Out = a constant of `shape` and `dtype` whose elements are listed in the
// attribute matching the dtype (bool_values, int32_values, int64_values, fp32_values, fp64_values,
// or `values` as scalars in newer files) -> a constant value (no node).
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

template <typename T, typename V>
Tensor FromList(DType dtype, const Shape& shape, const std::vector<V>& values) {
  Tensor t(dtype, shape);
  for (int64_t i = 0; i < t.numel(); ++i) t.data<T>()[i] = static_cast<T>(values[static_cast<size_t>(i)]);
  return t;
}

Status ConvertAssignValue(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(std::vector<int64_t> dims, ctx.Ints("shape"));
  OAR_ASSIGN_OR_RETURN(int64_t code, ctx.Int("dtype", 5));
  OAR_ASSIGN_OR_RETURN(DType dtype, PaddleDTypeAttr(ctx, code, "dtype"));
  const Shape shape(dims);
  for (int64_t d : dims) {
    if (d < 0) return ctx.Error("attribute 'shape' " + IntsToString(dims) + " must be static");
  }
  const char* list_name = nullptr;
  switch (dtype) {
    case DType::kBool: list_name = "bool_values"; break;
    case DType::kInt32: list_name = "int32_values"; break;
    case DType::kInt64: list_name = "int64_values"; break;
    case DType::kFloat32: list_name = "fp32_values"; break;
    case DType::kFloat64: list_name = "fp64_values"; break;
    default: return ctx.UnsupportedAttr("dtype", std::to_string(code), "BOOL, INT32, INT64, FP32 or FP64");
  }
  ctx.IgnoreAttrs({"bool_values", "int32_values", "int64_values", "fp32_values", "fp64_values", "values"});
  // The typed list, or (newer files) `values` as scalars; read straight from the attribute so that
  // int64 and fp64 values stay exact.
  std::vector<int64_t> ints;
  std::vector<double> reals;
  for (const char* name : {list_name, "values"}) {
    for (const auto& a : ctx.op().attrs()) {
      if (a.name() != name) continue;
      for (int32_t v : a.ints()) ints.push_back(v);
      for (int64_t v : a.longs()) ints.push_back(v);
      for (bool v : a.bools()) ints.push_back(v ? 1 : 0);
      for (float v : a.floats()) reals.push_back(v);
      for (double v : a.float64s()) reals.push_back(v);
      for (const auto& sc : a.scalars()) {
        if (sc.has_r()) reals.push_back(sc.r());
        if (sc.has_i()) ints.push_back(sc.i());
        if (sc.has_b()) ints.push_back(sc.b() ? 1 : 0);
      }
    }
    if (!ints.empty() || !reals.empty()) break;
  }
  const size_t count = IsFloating(dtype) ? reals.size() + ints.size() : ints.size();
  if (static_cast<int64_t>(count) != shape.NumElements() || (IsFloating(dtype) && !reals.empty() && !ints.empty()) ||
      (!IsFloating(dtype) && !reals.empty())) {
    return ctx.Error("attribute '" + std::string(list_name) + "' holds " + std::to_string(ints.size() + reals.size()) +
                     " values of the wrong kind or count for " + DTypeName(dtype) + shape.ToString());
  }
  if (IsFloating(dtype) && reals.empty()) reals.assign(ints.begin(), ints.end());
  Tensor t;
  switch (dtype) {
    case DType::kFloat32: t = FromList<float>(dtype, shape, reals); break;
    case DType::kFloat64: t = FromList<double>(dtype, shape, reals); break;
    case DType::kBool: t = FromList<bool>(dtype, shape, ints); break;
    case DType::kInt32: t = FromList<int32_t>(dtype, shape, ints); break;
    default: t = FromList<int64_t>(dtype, shape, ints); break;
  }
  return ctx.SetConstantOutput("Out", std::move(t));
}

}  // namespace

void RegisterAssignValueConverter(ConverterRegistry& registry) {
  registry.Register("assign_value", ConvertAssignValue);
}

}  // namespace oar::frontends::paddle
