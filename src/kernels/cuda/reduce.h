// ReduceSum / ReduceMean / ReduceMax on the GPU (ir::ReduceAttrs, kernels/cpu/reduce.cc) for f32,
// f16, i32 and i64. The reduced and kept dims are merged into alternating groups; with one reduced
// group the input is [outer, R, inner] and runs on a warp or block per contiguous row (inner == 1)
// or a thread per column (inner > 1); several reduced groups gather through per-element index
// decomposition. Floats accumulate in f32, integers in their own type (integer means truncate).
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "core/shape.h"
#include "core/status.h"

namespace oar::kernels::cuda {

enum class ReduceOp { kSum, kMean, kMax };

/// Kept or reduced groups the general (several reduced groups) kernel handles per kind.
constexpr int kMaxReduceGroups = 8;

struct ReduceGeometry {
  int64_t out_count = 0;     // output elements
  int64_t reduce_count = 1;  // R: input elements per output element
  bool general = false;
  // !general: the input is [outer, reduce_count, inner].
  int64_t outer = 1, inner = 1;
  // general: kept groups in output order and reduced groups, with their input element strides.
  int num_kept = 0, num_reduced = 0;
  int64_t kept_dims[kMaxReduceGroups] = {}, kept_strides[kMaxReduceGroups] = {};
  int64_t red_dims[kMaxReduceGroups] = {}, red_strides[kMaxReduceGroups] = {};
};

/// The geometry of reducing `in` over `axes` (empty or reduce_all: every axis). kInvalidArgument
/// for an axis out of range, kUnsupported beyond kMaxReduceGroups groups; errors start with `where`.
Status MakeReduceGeometry(const Shape& in, const std::vector<int64_t>& axes, bool reduce_all, int64_t out_count,
                          const std::string& where, ReduceGeometry* geometry);

/// y = reduce(x). With reduce_count == 0: Sum writes 0, a floating Mean NaN; Max and an integer
/// Mean are kInvalidArgument (callers report them first, naming the input).
Status LaunchReduce(cudaStream_t stream, DType dtype, ReduceOp op, const ReduceGeometry& geometry, const void* x,
                    void* y, const std::string& where);

}  // namespace oar::kernels::cuda
