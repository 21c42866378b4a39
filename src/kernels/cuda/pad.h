// CUDA Pad (f32/f16, any rank up to kMaxPadRank): constant, reflect (mirror without repeating the
// edge) and edge (replicate) modes; negative pads crop. Same semantics as kernels/cpu/pad.cc.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"
#include "ir/attrs.h"
#include "runtime/kernel.h"

namespace oar::kernels::cuda {

constexpr int kMaxPadRank = 16;

struct PadGeometry {
  int rank = 0;
  int64_t in_dims[kMaxPadRank] = {};
  int64_t out_dims[kMaxPadRank] = {};
  int64_t begin[kMaxPadRank] = {};  // leading pad per dim (negative = crop)
  ir::PadType type = ir::PadType::kConstant;
  float value = 0.0f;
};

/// Enqueues y = pad(x) on `stream`; dtype f32 or f16 (for both x and y).
Status LaunchPad(cudaStream_t stream, DType dtype, const void* x, void* y, const PadGeometry& geo,
                 const std::string& where);

/// Registers Pad (f32, f16).
void RegisterPadKernels(runtime::KernelRegistry& registry);

}  // namespace oar::kernels::cuda
