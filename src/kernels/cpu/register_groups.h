// One registration function per kernel group; each group file lists its ops' Register* calls.
#pragma once

#include "runtime/kernel.h"

namespace oar::kernels::cpu {

void RegisterNnKernels(runtime::KernelRegistry& registry);          // register_nn.cc
void RegisterElementwiseKernels(runtime::KernelRegistry& registry); // register_elementwise.cc
void RegisterTensorKernels(runtime::KernelRegistry& registry);      // register_tensor.cc
void RegisterDetectionKernels(runtime::KernelRegistry& registry);   // register_detection.cc
void RegisterOnednnKernels(runtime::KernelRegistry& registry);      // onednn/register_onednn.cc

}  // namespace oar::kernels::cpu
