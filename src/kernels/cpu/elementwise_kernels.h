// Registration of the reference CPU kernels of the elementwise and reduction ops (one function
// per kernel file; register_elementwise.cc calls them all), and the broadcasting add that Sum
// shares with binary.cc.
#pragma once

#include <cstdint>

#include "kernels/cpu/broadcast.h"
#include "runtime/kernel.h"

namespace oar::kernels::cpu {

void RegisterUnaryKernels(runtime::KernelRegistry& registry);   // unary.cc
void RegisterBinaryKernels(runtime::KernelRegistry& registry);  // binary.cc
void RegisterSumKernels(runtime::KernelRegistry& registry);     // sum.cc
void RegisterReduceKernels(runtime::KernelRegistry& registry);  // reduce.cc
void RegisterArgMaxKernels(runtime::KernelRegistry& registry);  // arg_max.cc

/// y = a + b over a broadcast plan (y may be a itself). T: float, double, int32_t, int64_t.
template <typename T>
void BroadcastAdd(const BroadcastPlan& plan, const T* a, const T* b, T* y, int num_threads);

}  // namespace oar::kernels::cpu
