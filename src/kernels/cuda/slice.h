// CUDA Slice of any dtype (Python slicing per axis, negative steps included), as a strided copy
// (transpose.h). Starts/Ends given as tensor inputs live on the device and would have to be read
// back every run, so such nodes are refused (accepts) and run on the CPU kernel.
#pragma once

#include "runtime/kernel.h"

namespace oar::kernels::cuda {

/// Registers Slice (any dtype; attribute starts/ends only).
void RegisterSliceKernels(runtime::KernelRegistry& registry);

}  // namespace oar::kernels::cuda
