// ArgMax on the GPU (ir::ArgMaxAttrs, kernels/cpu/arg_max.cc) along one axis or over the flattened
// tensor, the input viewed as [outer, R, inner]: f32, f16, i32, i64 inputs, i64 or i32 indices.
// The result is the CPU kernel's sequential scan's: the first index of the maximum, NaNs skipped
// unless the scan starts on one (then index 0).
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"

namespace oar::kernels::cuda {

/// y[outer, inner] (of `index_dtype`, i32 or i64) = argmax over the R axis of x; R >= 1.
Status LaunchArgMax(cudaStream_t stream, DType dtype, DType index_dtype, const void* x, void* y, int64_t outer,
                    int64_t r_count, int64_t inner, const std::string& where);

}  // namespace oar::kernels::cuda
