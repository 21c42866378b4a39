// What the CUDA engine backend takes (design.md §3, Capability contract): the CPU engine's rules
// for static shapes and float data (engine/cpu/cpu_capability.h), plus a CUDA kernel that accepts
// the node (KernelRegistry, device kCuda). Every "no" names the reason.
#pragma once

#include "ir/graph.h"
#include "partition/partition_options.h"

namespace oar::engine::cuda {

inline constexpr const char* kCudaBackendName = "cuda";

partition::SupportResult CudaEngineSupports(const ir::Graph& graph, ir::NodeId id);

}  // namespace oar::engine::cuda
