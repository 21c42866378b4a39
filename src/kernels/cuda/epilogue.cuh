// ApplyFusedActivation: the ir::FusedActivation formulas (ir/attrs.h) as a device function for
// every .cu file that applies an activation in its own output loop (epilogue.cu, the unary
// kernels, fused engine kernels). The operation order is that of the CPU epilogue
// (kernels/cpu/fused_activation.cc), so f32 results agree to rounding.
#pragma once

#include <cuda_runtime.h>

#include "ir/attrs.h"

namespace oar::kernels::cuda {

/// act(x) for kind = static_cast<int>(ir::ActivationKind); alpha/beta/gamma as FusedActivation:
///   clip: [alpha, beta]; leaky_relu: alpha; hard_swish: threshold alpha, scale beta, offset gamma;
///   hard_sigmoid: slope alpha, offset beta; swish: beta = alpha. Unknown kinds return x.
__device__ __forceinline__ float ApplyFusedActivation(float x, int kind, float alpha, float beta, float gamma) {
  switch (static_cast<ir::ActivationKind>(kind)) {
    case ir::ActivationKind::kNone:
      return x;
    case ir::ActivationKind::kRelu:
      return x > 0.0f ? x : 0.0f;
    case ir::ActivationKind::kClip: {
      const float v = x < alpha ? alpha : x;
      return v > beta ? beta : v;
    }
    case ir::ActivationKind::kLeakyRelu:
      return x >= 0.0f ? x : x * alpha;
    case ir::ActivationKind::kHardSwish: {
      float t = x + gamma;
      t = t < 0.0f ? 0.0f : t;
      t = t > alpha ? alpha : t;
      return x * t * (1.0f / beta);
    }
    case ir::ActivationKind::kHardSigmoid: {
      const float t = x * alpha + beta;
      const float v = t < 0.0f ? 0.0f : t;
      return v > 1.0f ? 1.0f : v;
    }
    case ir::ActivationKind::kSigmoid:
      return 1.0f / (1.0f + expf(-x));
    case ir::ActivationKind::kSwish:
      return x / (1.0f + expf(-alpha * x));
  }
  return x;
}

}  // namespace oar::kernels::cuda
