// Softmax on the GPU along any axis, the tensor viewed as [outer, n, inner]: with inner == 1 one
// warp (n <= 1024) or one block per contiguous row, otherwise one thread per (outer, inner) column
// striding over the axis. f32 and f16; accumulation in f32 after subtracting the row maximum, then
// y = exp(x - max) * (1 / sum), as the CPU kernel (kernels/cpu/softmax.cc).
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"

namespace oar::kernels::cuda {

Status LaunchSoftmax(cudaStream_t stream, DType dtype, const void* x, void* y, int64_t outer, int64_t n, int64_t inner,
                     const std::string& where);

}  // namespace oar::kernels::cuda
