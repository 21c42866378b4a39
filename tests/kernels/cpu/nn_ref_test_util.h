// Helpers of the reference NN kernel tests: run one op through RunOp("ref"), and move tensors
// to and from float64 vectors for the tests' own naive implementations.
#pragma once

#include <string>
#include <vector>

#include "runtime/single_op.h"
#include "test_util.h"

namespace oar::testing {

/// Runs `kind` with the "ref" kernel and returns output 0 (or the error).
inline StatusOr<Tensor> RunRef(ir::OpKind kind, ir::Attrs attrs, const std::vector<const Tensor*>& inputs,
                               int num_threads = 1) {
  OAR_ASSIGN_OR_RETURN(std::vector<Tensor> outs, runtime::RunOp(kind, std::move(attrs), inputs, 1, "ref", num_threads));
  return outs[0];
}

inline std::vector<double> ToDoubles(const Tensor& t) {
  std::vector<double> v(static_cast<size_t>(t.numel()));
  for (int64_t i = 0; i < t.numel(); ++i) v[static_cast<size_t>(i)] = t.GetDouble(i);
  return v;
}

/// An f32 tensor holding `values` (rounded from double).
inline Tensor FromDoubles(const Shape& shape, const std::vector<double>& values) {
  Tensor t(DType::kFloat32, shape);
  for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = static_cast<float>(values[static_cast<size_t>(i)]);
  return t;
}

/// An f32 tensor from a literal list.
inline Tensor F32(const Shape& shape, const std::vector<float>& values) {
  return MakeTensor<float>(shape, values.data());
}

/// True when `status` failed with a message containing every substring.
inline ::testing::AssertionResult FailsWith(const Status& status, const std::vector<std::string>& substrings) {
  if (status.ok()) return ::testing::AssertionFailure() << "expected an error, got OK";
  for (const std::string& s : substrings) {
    if (status.message().find(s) == std::string::npos) {
      return ::testing::AssertionFailure() << "message lacks '" << s << "': " << status.message();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace oar::testing
