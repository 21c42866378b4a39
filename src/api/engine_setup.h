// Maps Config's engine options (EnableEngine, SetDynamicShapeInfo, SetOptimCacheDir,
// DisableEngineOps) onto engine::PrepareEngineGraph.
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "oar/config.h"

namespace oar::infer {

/// Partitions `graph` and builds (or, with use_static, loads) an engine for every engine
/// subgraph. No-op when the config does not enable the engine.
/// `on_gpu`: the predictor runs on a GPU, so engines use the CUDA backend (device
/// config.gpu_device_id()); otherwise the CPU backend.
Status PrepareEngines(ir::Graph& graph, const Config& config, bool on_gpu = false);

}  // namespace oar::infer
