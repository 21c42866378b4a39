// Unary elementwise ops on the GPU: Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid, HardSwish, Swish,
// Gelu (erf form and tanh approximation), Clip, Exp, Sqrt, with the formulas of ir/attrs.h and the
// CPU kernels (kernels/cpu/unary.cc). f32 and f16 (computed in f32); Relu and Clip also on i32/i64.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"

namespace oar::kernels::cuda {

enum class UnaryOp { kRelu, kLeakyRelu, kSigmoid, kTanh, kHardSigmoid, kHardSwish, kSwish, kGelu, kGeluTanh, kClip,
                     kExp, kSqrt };

/// Attributes of the op, in ir::FusedActivation's convention: leaky_relu alpha; hard_sigmoid
/// slope = alpha, offset = beta; hard_swish threshold = alpha, scale = beta, offset = gamma;
/// swish beta = alpha; clip min = alpha, max = beta (floats) or int_lo/int_hi (integer tensors,
/// already rounded inward and clamped into the dtype's range).
struct UnaryParams {
  float alpha = 0.0f, beta = 0.0f, gamma = 0.0f;
  int64_t int_lo = 0, int_hi = 0;
};

/// y = op(x) over n contiguous elements of `dtype` (x may equal y). kUnsupported for a dtype the
/// op has no kernel for. Errors name `where`.
Status LaunchUnary(cudaStream_t stream, DType dtype, UnaryOp op, const UnaryParams& params, const void* x, void* y,
                   int64_t n, const std::string& where);

}  // namespace oar::kernels::cuda
