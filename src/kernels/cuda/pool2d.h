// Pool2d on the GPU: max and average pooling with explicit (asymmetric) pads, SAME/VALID,
// global and adaptive windows and ceil_mode, with the semantics of the CPU reference
// (kernels/cpu/pool2d.cc): windows are clipped to the input (padding is never read), a window
// with no input element yields 0, average divides by the clipped window size when exclusive
// (always for adaptive/global pooling), else by kh*kw.
//
// LaunchPool2d is also what the CUDA engine calls for NHWC (channels-last) activations; the
// registered kernel (OpKind::kPool2d, "cuda") uses it on NCHW tensors.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/shape.h"
#include "core/status.h"
#include "ir/attrs.h"
#include "runtime/kernel.h"

namespace oar::kernels::cuda {

/// Resolved geometry of one Pool2d: input [N,C,H,W] and output [N,C,OH,OW] (logical dims; the
/// storage order is NCHW or NHWC as LaunchPool2d is told).
struct Pool2dGeometry {
  int64_t n = 0, c = 0, h = 0, w = 0;
  int64_t oh = 0, ow = 0;
  int64_t kernel[2] = {1, 1};      // kh, kw (unused when adaptive)
  int64_t strides[2] = {1, 1};     // sh, sw (unused when adaptive)
  int64_t pads[4] = {0, 0, 0, 0};  // top, left, bottom, right (windows are clipped to the input)
  ir::PoolType type = ir::PoolType::kMax;
  /// Average only: divide by the number of input elements in the window; false = by kh*kw.
  bool exclusive = true;
  /// Output index i covers [floor(i*H/OH), ceil((i+1)*H/OH)) (same along W).
  bool adaptive = false;
};

/// The geometry of `attrs` on input shape `x` ([N,C,H,W], static): SAME/VALID pads, global and
/// adaptive pooling resolved exactly as the schema and the CPU reference do (ir::ResolvePool2d).
Pool2dGeometry MakePool2dGeometry(const ir::Pool2dAttrs& attrs, const Shape& x);

/// Enqueues the pooling of `x` into `y` on `stream`. dtype: f32 or f16 (f16 computed in f32).
/// channels_last: x is stored [N,H,W,C] and y [N,OH,OW,C]; otherwise NCHW. `where` names the op
/// in errors (e.g. KernelContext::Where()). Nothing is enqueued for an empty output.
Status LaunchPool2d(cudaStream_t stream, DType dtype, const void* x, void* y, const Pool2dGeometry& geo,
                    bool channels_last, const std::string& where);

/// Registers the Pool2d kernel (f32, f16; NCHW, or NHWC under KernelContext::channels_last).
void RegisterPool2dKernels(runtime::KernelRegistry& registry);

}  // namespace oar::kernels::cuda
