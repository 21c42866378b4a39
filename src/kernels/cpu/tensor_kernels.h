// Registration of the reference CPU kernels of the tensor-manipulation ops (one function per
// kernel file; register_tensor.cc calls them all). Data-movement kernels handle every dtype by
// element size.
#pragma once

#include "runtime/kernel.h"

namespace oar::kernels::cpu {

void RegisterReshapeKernels(runtime::KernelRegistry& registry);    // reshape.cc: Reshape, Flatten, Squeeze,
                                                                   // Unsqueeze, Identity
void RegisterTransposeKernels(runtime::KernelRegistry& registry);  // transpose.cc
void RegisterConcatKernels(runtime::KernelRegistry& registry);     // concat.cc: Concat, Stack
void RegisterSplitKernels(runtime::KernelRegistry& registry);      // split.cc
void RegisterSliceKernels(runtime::KernelRegistry& registry);      // slice.cc
void RegisterShapeKernels(runtime::KernelRegistry& registry);      // shape.cc
void RegisterCastKernels(runtime::KernelRegistry& registry);       // cast.cc
void RegisterFillKernels(runtime::KernelRegistry& registry);       // fill.cc

}  // namespace oar::kernels::cpu
