// The runtime hook of the engine: a CPU kernel for OpKind::kEngine. It runs the Engine built by
// PrepareEngineGraph for its node (found through EngineAttrs::subgraph, see
// Engine::SubgraphHandle) on an ExecutionContext of its own, so each executor (predictor, clone)
// has its own activations while the Engine (plan, weights) is shared.
#pragma once

#include "runtime/kernel.h"

namespace oar::engine {

/// Registers the kEngine kernel ("engine", priority 10) into `registry`. It accepts only backend
/// "cpu" nodes that carry a built Engine.
void RegisterEngineKernel(runtime::KernelRegistry& registry);
/// RegisterEngineKernel(runtime::KernelRegistry::Global()) once per process (thread safe).
void EnsureEngineKernelRegistered();

}  // namespace oar::engine
