// CUDA Resize (NCHW, f32/f16): nearest and bilinear with Paddle interp_v2 source coordinates
// (ir/attrs.h), the same arithmetic as kernels/cpu/resize.cc. A Scale tensor input changes the
// coordinate ratio unless align_corners is set, and it would live on the device: such nodes are
// refused (accepts) and run on the CPU kernel. OutSize only sets the output shape (known from
// shape inference), so it is accepted.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"
#include "ir/attrs.h"
#include "runtime/kernel.h"

namespace oar::kernels::cuda {

struct ResizeGeometry {
  int64_t planes = 0;  // N * C
  int64_t ih = 0, iw = 0, oh = 0, ow = 0;
  float ratio_h = 0.0f, ratio_w = 0.0f;  // ir::ResizeRatio per axis
  ir::ResizeMode mode = ir::ResizeMode::kNearest;
  bool align_corners = false;
  int64_t align_mode = 1;
};

/// Enqueues y = resize(x) on `stream`; dtype f32 or f16.
Status LaunchResize(cudaStream_t stream, DType dtype, const void* x, void* y, const ResizeGeometry& geo,
                    const std::string& where);

/// Registers Resize (f32, f16).
void RegisterResizeKernels(runtime::KernelRegistry& registry);

}  // namespace oar::kernels::cuda
