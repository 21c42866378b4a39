// The epilogue of the fused Conv2d / MatMul forms (ir::FusedActivation, attrs.h): the reference
// kernels apply it in their output loop, and the oneDNN kernels use it for what oneDNN 2.6
// cannot express as a post-op. Formulas are those of the unary ops (kernels/cpu/unary.cc).
#pragma once

#include <cstdint>

#include "ir/attrs.h"

namespace oar::kernels::cpu {

/// y[i] = act(y[i] + bias + sum[i]) for i in [0, n); `sum` may be nullptr (no residual).
/// Single-threaded: callers parallelise over planes or rows.
void ApplyEpilogue(const ir::FusedActivation& act, float bias, const float* sum, float* y, int64_t n);

/// y[i] = act(y[i]) over n contiguous elements, split over up to `num_threads` threads.
/// Does nothing for ActivationKind::kNone.
void ApplyActivation(const ir::FusedActivation& act, float* y, int64_t n, int num_threads);

/// One element (tests and scalar tails): act(x).
float ActivationValue(const ir::FusedActivation& act, float x);

}  // namespace oar::kernels::cpu
