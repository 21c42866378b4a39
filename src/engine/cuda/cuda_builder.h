// The CUDA engine builder (design.md §3 Engine, style.md §9): subgraph + BuilderConfig -> Plan
// with backend "cuda".
//
// 1. Precision: fp16 lowers the subgraph (engine/precision_lowering.h: f32 at the boundary,
//    f16 inside, weights converted once); fp32 keeps it (TF32 only with config.allow_tf32).
// 2. Layout (fp16): layers whose CUDA kernel takes channels-last data (cuDNN convolution, ...)
//    run NHWC, pointwise layers follow their input's layout, everything else reads NCHW; the
//    execution context reformats where a value's layout and its reader's differ. The chosen
//    layers are stored in the plan's backend blob.
// 3. Tactics: every CUDA kernel registered for the layer (cuDNN algorithms, cuBLASLt heuristic
//    answers, cuDNN graph-API engine configurations, own kernels) runs on random data at the opt
//    shapes on the target GPU: config.timing_reps runs captured into a CUDA graph, replayed between
//    CUDA events (launch overhead excluded, as in a captured engine); a tactic whose Prepare
//    refuses (workspace over config.workspace_size, unsupported geometry) is skipped. Timings
//    go into the timing cache.
// 4. A device activation arena planned by liveness at the opt shapes.
#pragma once

#include <set>
#include <string>

#include "core/status.h"
#include "engine/builder.h"
#include "engine/builder_config.h"
#include "engine/plan.h"
#include "engine/timing_cache.h"

namespace oar::engine::cuda {

StatusOr<Plan> BuildCudaPlan(const ir::Graph& subgraph, const BuilderConfig& config, const ProgressFn& progress,
                             TimingCache* timing_cache);

/// The names of the layers that run channels-last, from a plan's backend blob.
StatusOr<std::set<std::string>> ChannelsLastLayers(const std::string& backend_blob);

/// Kinds whose kernels compute the same thing on NCHW and NHWC storage when every 4-D input has
/// the output's shape (pointwise ops).
bool IsLayoutAgnostic(const ir::Graph& graph, const ir::Node& node);

}  // namespace oar::engine::cuda
