// Sum (n-ary addition) on the GPU. Inputs of the output's shape are added in one pass per
// kMaxSumInputsPerPass inputs, accumulating in the compute type (f32 for f16); inputs that
// broadcast go through the binary Add kernels (binary.h) one at a time, as the CPU kernel does.
// f32, f16, i32 and i64.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"

namespace oar::kernels::cuda {

constexpr int kMaxSumInputsPerPass = 8;

/// y = (accumulate ? y : 0) + inputs[0] + ... + inputs[count-1] over n contiguous elements of
/// `dtype`, 1 <= count <= kMaxSumInputsPerPass (`inputs` is a host array of device pointers).
Status LaunchSumSameShape(cudaStream_t stream, DType dtype, const void* const* inputs, int count, bool accumulate,
                          void* y, int64_t n, const std::string& where);

}  // namespace oar::kernels::cuda
