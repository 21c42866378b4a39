// Engine backends (design.md §3): what the generic engine flow (PrepareEngineGraph) needs from
// one backend -- its capability callback for the partitioner, its builder, the signature of the
// device it builds for, and the registration of the kEngine kernel that runs its plans.
//
// "cpu" is always present. A backend that needs libraries the engine module does not link
// (CUDA) registers itself from the API layer (engine::cuda::RegisterCudaEngineBackend).
#pragma once

#include <functional>
#include <string>

#include "core/status.h"
#include "engine/builder.h"
#include "engine/builder_config.h"
#include "engine/plan.h"
#include "engine/timing_cache.h"
#include "partition/partition_options.h"

namespace oar::engine {

struct EngineBackend {
  std::string name;  // "cpu", "cuda": EngineAttrs::backend, Plan::backend, node names "<name>_engine_<i>"
  partition::CapabilityFn supports;
  std::function<StatusOr<Plan>(const ir::Graph& subgraph, const BuilderConfig& config, const ProgressFn& progress,
                               TimingCache* timing_cache)>
      build;
  std::function<std::string()> device_signature;
  /// Registers the kEngine kernel that runs this backend's plans (idempotent).
  std::function<void()> register_kernel;
};

/// Adds or replaces a backend.
void RegisterEngineBackend(EngineBackend backend);
/// The backend of that name, or kUnsupported naming the ones this build has.
StatusOr<const EngineBackend*> FindEngineBackend(const std::string& name);

}  // namespace oar::engine
