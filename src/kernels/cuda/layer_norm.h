// LayerNorm on the GPU (ir::LayerNormAttrs): each of `rows` contiguous rows of `cols` elements
// (the dims from begin_norm_axis on) is normalised with its mean and biased variance, computed in
// two passes with f32 accumulation, then scaled and shifted by the optional scale/bias of `cols`
// elements: y = (x - mean) / sqrt(var + eps) * scale + bias. One warp per row up to 1024 columns,
// one block per row beyond. f32 and f16 (scale/bias of x's dtype).
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"

namespace oar::kernels::cuda {

/// scale and bias may be null.
Status LaunchLayerNorm(cudaStream_t stream, DType dtype, const void* x, const void* scale, const void* bias,
                       float epsilon, void* y, int64_t rows, int64_t cols, const std::string& where);

}  // namespace oar::kernels::cuda
