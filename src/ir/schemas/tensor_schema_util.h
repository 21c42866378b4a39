// Small helpers shared by the elementwise/tensor schemas (ir/schemas/elementwise_schemas.cc,
// tensor_schemas.cc) and their CPU kernels, so that shape inference and kernels agree.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/tensor.h"
#include "ir/op_schema.h"

namespace oar::ir {

/// Python slicing of one axis of size `dim` (>= 0) with step != 0: the first index taken and the
/// number of elements; the indices are first + i*step. Negative start/end count from the end;
/// out-of-range values clamp (for step < 0 an end below -dim means "through index 0").
inline void ResolveSliceAxis(int64_t start, int64_t end, int64_t step, int64_t dim, int64_t* first, int64_t* count) {
  if (step > 0) {
    start = start < 0 ? (start < -dim ? 0 : start + dim) : std::min(start, dim);
    end = end < 0 ? (end < -dim ? 0 : end + dim) : std::min(end, dim);
    *count = end > start ? (end - start - 1) / step + 1 : 0;
  } else {
    start = start < 0 ? (start < -dim ? -1 : start + dim) : std::min(start, dim - 1);
    end = end < 0 ? (end < -dim ? -1 : end + dim) : std::min(end, dim - 1);
    *count = start > end ? (start - end - 1) / (-step) + 1 : 0;
  }
  *first = start;
}

/// Contents of a small integer tensor (any dtype, read through Tensor::GetInt) as int64.
inline std::vector<int64_t> ReadInts(const Tensor& t) {
  std::vector<int64_t> v(static_cast<size_t>(std::max<int64_t>(t.numel(), 0)));
  for (size_t i = 0; i < v.size(); ++i) v[i] = t.GetInt(static_cast<int64_t>(i));
  return v;
}

/// "[1,2,3]" for attribute lists in error messages.
inline std::string IntListString(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

/// The node's attributes as T (`struct_name` for the message), or an error.
template <typename T>
Status GetNodeAttrs(const InferContext& ctx, const char* struct_name, const T** out) {
  *out = std::get_if<T>(&ctx.node().attrs);
  if (!*out) return ctx.Error(std::string("expected ") + struct_name + " attributes");
  return Status::OK();
}

/// Error unless input i is present.
inline Status RequireInput(const InferContext& ctx, int i) {
  if (!ctx.has_input(i)) return ctx.InputError(i, "a tensor", "");
  return Status::OK();
}

/// "input #i: expected attribute '<attr>' value <axis> in [-rank, rank-1], got <input>".
inline Status AxisRangeError(const InferContext& ctx, int i, const char* attr, int64_t axis, int rank) {
  return ctx.InputError(i,
                        std::string("attribute '") + attr + "' value " + std::to_string(axis) + " in [" +
                            std::to_string(-rank) + ", " + std::to_string(rank - 1) + "]",
                        "");
}

}  // namespace oar::ir
