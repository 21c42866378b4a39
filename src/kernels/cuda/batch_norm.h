// BatchNorm (inference) on the GPU: y = x * a[c] + b[c] over channel axis 1 of an [N, C, ...] tensor,
// with a = scale / sqrt(var + eps) and b = bias - mean * a folded as the CPU kernel folds them
// (kernels/cpu/batch_norm.cc), without fused multiply-adds. f32 and f16 (computed in f32); the
// four statistics have x's dtype.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"

namespace oar::kernels::cuda {

/// x, y: `outer` x `channels` x `inner` contiguous elements; scale/bias/mean/var: `channels`.
Status LaunchBatchNorm(cudaStream_t stream, DType dtype, const void* x, const void* scale, const void* bias,
                       const void* mean, const void* var, float epsilon, void* y, int64_t outer, int64_t channels,
                       int64_t inner, const std::string& where);

}  // namespace oar::kernels::cuda
