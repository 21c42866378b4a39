// CUDA Reshape, Flatten, Squeeze, Unsqueeze and Identity, any dtype: the output holds the input's
// bytes in the same order, so the kernel is one device-to-device cudaMemcpyAsync (skipped when
// the executor aliases output and input). A Reshape ShapeTensor input is only read on the host by
// shape inference; the kernel never touches it.
#pragma once

#include "runtime/kernel.h"

namespace oar::kernels::cuda {

/// Registers the five shape-only ops for any dtype.
void RegisterReshapeKernels(runtime::KernelRegistry& registry);

}  // namespace oar::kernels::cuda
