// Scale on the GPU (ir::ScaleAttrs): y = bias_after_scale ? s * x + bias : s * (x + bias), where s is
// the `scale` attribute or, when the node has one, the single element of its ScaleTensor input
// (read on the device, so no synchronisation). As the CPU kernel (kernels/cpu/unary.cc): f32 and
// f16 compute in f32, i32/i64 in f64 truncated toward zero, with no fused multiply-add.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"

namespace oar::kernels::cuda {

/// Storage dtypes of a ScaleTensor the kernel reads: f32, f16, f64, i32, i64.
bool IsCudaScaleTensorDType(DType t);

/// y = scale(x) over n contiguous elements of `dtype` (f32, f16, i32, i64; x may equal y).
/// `scale_tensor` (nullable) is a device pointer to one element of `scale_dtype`.
Status LaunchScale(cudaStream_t stream, DType dtype, const void* x, void* y, int64_t n, float scale, float bias,
                   bool bias_after_scale, const void* scale_tensor, DType scale_dtype, const std::string& where);

}  // namespace oar::kernels::cuda
