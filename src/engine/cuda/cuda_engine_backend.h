// Registers the CUDA engine backend (engine/backend.h) and its kEngine kernel: the API layer calls
// RegisterCudaEngineBackend() once before PrepareEngineGraph with backend "cuda".
#pragma once

namespace oar::engine::cuda {

/// Idempotent and thread safe. Also registers the "cuda" device signature for plans.
void RegisterCudaEngineBackend();

}  // namespace oar::engine::cuda
