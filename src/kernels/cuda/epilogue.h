// The epilogue that the cuDNN / cuBLASLt kernels run after their main call when the library cannot
// fuse it: y = act(y + bias[c] + residual), in place, for f32 and f16 tensors. The activation
// formulas are ir::FusedActivation's (ir/attrs.h); epilogue.cuh has them as a device function.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"
#include "ir/attrs.h"

namespace oar::kernels::cuda {

/// y[n,c,...] = act(y + bias[c] + residual) in place, over a tensor of `outer` x `channels` x
/// `inner` elements (NCHW: outer = N, inner = H*W; channels-last: pass channels_last = true,
/// inner = 1 and outer = N*H*W). `bias` (nullable) has `channels` elements of `dtype`; `residual`
/// (nullable) has y's layout and dtype. Enqueued on `stream`; errors name `where` (the op).
/// dtype: f32 or f16 (else kUnsupported); channels_last requires inner == 1 (else kInvalidArgument).
Status LaunchBiasResidualActivation(cudaStream_t stream, DType dtype, void* y, int64_t outer, int64_t channels,
                                    int64_t inner, bool channels_last, const void* bias, const void* residual,
                                    const ir::FusedActivation& act, const std::string& where);

}  // namespace oar::kernels::cuda
