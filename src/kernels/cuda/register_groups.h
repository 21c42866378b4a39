// One registration function per kernel file of kernels/cuda; register_all.cc calls them all.
// A helper adding a file adds its function here and a line in register_all.cc.
#pragma once

#include "runtime/kernel.h"

namespace oar::kernels::cuda {

void RegisterConv2dKernels(runtime::KernelRegistry& registry);
/// cuDNN graph-API convolutions with fused bias/residual/ReLU (conv2d_graph.cc).
void RegisterConv2dGraphKernels(runtime::KernelRegistry& registry);
void RegisterMatMulKernels(runtime::KernelRegistry& registry);
/// Pointwise, normalisation, reduction kernels (register_math.cc).
void RegisterMathKernels(runtime::KernelRegistry& registry);
/// Data movement and pooling kernels (register_tensor.cc).
void RegisterTensorKernels(runtime::KernelRegistry& registry);

}  // namespace oar::kernels::cuda
