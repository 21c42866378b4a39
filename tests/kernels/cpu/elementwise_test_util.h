// Helpers of the elementwise / tensor-manipulation kernel tests: running one op, converting
// tensors to and from float64 vectors for naive reference computations, index arithmetic.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "core/tensor.h"
#include "ir/op_schema.h"
#include "runtime/single_op.h"
#include "test_util.h"

namespace oar::testing {

/// Runs `kind` with the "ref" kernel and returns all outputs.
inline StatusOr<std::vector<Tensor>> RunRef(ir::OpKind kind, ir::Attrs attrs, const std::vector<const Tensor*>& in,
                                            int num_outputs = 1, int num_threads = 1) {
  return runtime::RunOp(kind, std::move(attrs), in, num_outputs, "ref", num_threads);
}

/// Every element read as double.
inline std::vector<double> ToDoubles(const Tensor& t) {
  std::vector<double> v(static_cast<size_t>(t.numel()));
  for (size_t i = 0; i < v.size(); ++i) v[i] = t.GetDouble(static_cast<int64_t>(i));
  return v;
}

/// A tensor of `dtype` holding `values` (rounded / converted once from double).
inline Tensor FromDoubles(DType dtype, const Shape& shape, const std::vector<double>& values) {
  Tensor t(dtype, shape);
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    switch (dtype) {
      case DType::kFloat32:
        t.data<float>()[i] = static_cast<float>(v);
        break;
      case DType::kFloat64:
        t.data<double>()[i] = v;
        break;
      case DType::kFloat16:
        t.data<uint16_t>()[i] = FloatToHalf(static_cast<float>(v));
        break;
      case DType::kBFloat16:
        t.data<uint16_t>()[i] = FloatToBFloat16(static_cast<float>(v));
        break;
      case DType::kInt8:
        t.data<int8_t>()[i] = static_cast<int8_t>(v);
        break;
      case DType::kUInt8:
        t.data<uint8_t>()[i] = static_cast<uint8_t>(v);
        break;
      case DType::kInt16:
        t.data<int16_t>()[i] = static_cast<int16_t>(v);
        break;
      case DType::kInt32:
        t.data<int32_t>()[i] = static_cast<int32_t>(v);
        break;
      case DType::kInt64:
        t.data<int64_t>()[i] = static_cast<int64_t>(v);
        break;
      case DType::kBool:
        t.data<bool>()[i] = v != 0;
        break;
      case DType::kUndefined:
        break;
    }
  }
  return t;
}

/// Random values of any dtype: floats uniform in [lo, hi), integers in [lo, hi], bools 0/1.
inline Tensor RandomOf(DType dtype, const Shape& shape, uint64_t seed, double lo = -1.0, double hi = 1.0) {
  if (dtype == DType::kFloat32) return RandomTensor(shape, seed, static_cast<float>(lo), static_cast<float>(hi));
  if (IsFloating(dtype)) {
    return FromDoubles(dtype, shape,
                       ToDoubles(RandomTensor(shape, seed, static_cast<float>(lo), static_cast<float>(hi))));
  }
  if (dtype == DType::kBool) return RandomIntTensor(dtype, shape, seed, 0, 1);
  if (dtype == DType::kInt16) {
    return FromDoubles(
        dtype, shape,
        ToDoubles(RandomIntTensor(DType::kInt32, shape, seed, static_cast<int64_t>(lo), static_cast<int64_t>(hi))));
  }
  return RandomIntTensor(dtype, shape, seed, static_cast<int64_t>(lo), static_cast<int64_t>(hi));
}

/// Row-major multi-index of flat index i in `shape`.
inline std::vector<int64_t> Unravel(int64_t i, const Shape& shape) {
  std::vector<int64_t> idx(static_cast<size_t>(shape.rank()));
  for (int d = shape.rank() - 1; d >= 0; --d) {
    idx[static_cast<size_t>(d)] = i % shape[d];
    i /= shape[d];
  }
  return idx;
}

/// Flat index in `in` of output multi-index `out_idx` under numpy broadcasting (in's dims are
/// right-aligned; size-1 dims read index 0).
inline int64_t BroadcastFlat(const std::vector<int64_t>& out_idx, const Shape& in) {
  const int off = static_cast<int>(out_idx.size()) - in.rank();
  int64_t flat = 0;
  for (int d = 0; d < in.rank(); ++d) {
    flat = flat * in[d] + (in[d] == 1 ? 0 : out_idx[static_cast<size_t>(d + off)]);
  }
  return flat;
}

/// Element size-exact comparison of two tensors (dtype, shape and bytes).
inline ::testing::AssertionResult SameBytes(const Tensor& a, const Tensor& b) {
  if (a.dtype() != b.dtype() || a.shape() != b.shape()) {
    return ::testing::AssertionFailure() << "got " << a.Describe() << ", expected " << b.Describe();
  }
  if (a.nbytes() && std::memcmp(a.raw_data(), b.raw_data(), a.nbytes()) != 0) {
    return ::testing::AssertionFailure() << "contents of " << a.Describe() << " differ";
  }
  return ::testing::AssertionSuccess();
}

/// Error status whose message contains every substring.
inline ::testing::AssertionResult ErrorContains(const Status& s, const std::vector<std::string>& substrings) {
  if (s.ok()) return ::testing::AssertionFailure() << "expected an error, got OK";
  for (const std::string& sub : substrings) {
    if (s.message().find(sub) == std::string::npos) {
      return ::testing::AssertionFailure() << "missing '" << sub << "' in: " << s.message();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace oar::testing
