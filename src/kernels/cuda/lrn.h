// Cross-channel LRN on the GPU (ir::LrnAttrs, kernels/cpu/lrn.cc): for x [N,C,H,W],
// y = x / (k + alpha/size * sum_{c' in window} x_{c'}^2)^beta with the window
// [c - (size-1)/2, c - (size-1)/2 + size) clipped to [0, C). f32 and f16 (computed in f32).
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"

namespace oar::kernels::cuda {

Status LaunchLrn(cudaStream_t stream, DType dtype, const void* x, void* y, int64_t n, int64_t channels, int64_t hw,
                 int64_t size, float alpha, float beta, float k, const std::string& where);

}  // namespace oar::kernels::cuda
