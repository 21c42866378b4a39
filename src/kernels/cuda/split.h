// CUDA Split of any dtype: the inverse of Concat, through the same chunk copy (concat.h).
#pragma once

#include "runtime/kernel.h"

namespace oar::kernels::cuda {

/// Registers Split (any dtype).
void RegisterSplitKernels(runtime::KernelRegistry& registry);

}  // namespace oar::kernels::cuda
