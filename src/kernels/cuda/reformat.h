// Layout and precision conversions the CUDA engine runs at subgraph boundaries: NCHW <-> NHWC
// of a 4-D activation, converting f32 <-> f16 on the way, and plain f32 <-> f16 conversion.
// Both enqueue on the given stream and never synchronise; errors name `where`.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"

namespace oar::kernels::cuda {

/// Copies a 4-D tensor of logical shape [N,C,H,W] from `src` (stored NHWC when
/// src_channels_last, else NCHW; dtype src_dtype) to `dst` (layout and dtype likewise), for
/// f32->f16, f16->f32, f32->f32 and f16->f16. A layout change runs as 32x32 tiles through shared
/// memory; src and dst must then not overlap. Same layout and dtype with src == dst: nothing to do.
Status LaunchReformat(cudaStream_t stream, const void* src, DType src_dtype, bool src_channels_last, void* dst,
                      DType dst_dtype, bool dst_channels_last, int64_t n, int64_t c, int64_t h, int64_t w,
                      const std::string& where);

/// Converts `count` elements between f32 and f16 (same dtype: a copy, skipped when src == dst).
Status LaunchConvert(cudaStream_t stream, const void* src, DType src_dtype, void* dst, DType dst_dtype, int64_t count,
                     const std::string& where);

}  // namespace oar::kernels::cuda
