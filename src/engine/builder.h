// Builder (design.md §3 Engine, style.md §9): subgraph + BuilderConfig -> Plan.
//
// For every layer (live node, in topological order) the candidate tactics are the CPU kernels the
// runtime's KernelRegistry holds for its kind that accept the node and its input dtypes (tactic id
// = kernel name). With config.timing on, each candidate runs on random inputs at the opt shapes
// (real weights for constant inputs): one warm-up run, then config.timing_reps timed runs; the
// median counts and the fastest wins. Every measurement goes into a TimingCache keyed by
// LayerSignature + tactic, so identical layers are timed once. With timing off the choice is the
// highest-priority kernel. Then the activation arena is planned by liveness at the opt shapes.
//
// Runner: in builds with oneDNN the plan's runner is "onednn" -- the whole subgraph runs as one
// cpu::OnednnNetwork (engine/cpu/onednn_network.h) with activations kept in oneDNN's layouts. The
// per-layer tactic is then the highest-priority registry kernel, untimed (it keeps the plan
// runnable layer by layer); the network is built at the opt shapes to check it builds and, with
// timing on, profiled: each progress line says how the layer runs in the network and its median
// time. An fp32 network that cannot be built falls back to the "layers" runner with a warning.
// Without oneDNN the runner is "layers". Precision: fp32; bf16 with the onednn runner on a CPU with
// avx512_bf16 or AMX; fp16 builds fp32 (one warning); int8 is kUnsupported.
#pragma once

#include <functional>
#include <string>

#include "core/status.h"
#include "engine/builder_config.h"
#include "engine/plan.h"
#include "engine/timing_cache.h"
#include "ir/graph.h"

namespace oar::engine {

/// Receives one line per built layer ("layer 3/58 conv2d 'conv_2': tactic onednn (0.41 ms)")
/// and a last line with the total ("built 58 layers in 1.2 s, arena 3.1 MB").
using ProgressFn = std::function<void(const std::string& line)>;

/// Opt / min / max input shapes of `subgraph` under `config`: the profile's range for an input
/// it names; otherwise the declared shape, where an unknown leading dim becomes
/// config.max_batch_size (for min: 1). Any other unknown dim without a range is kInvalidArgument.
StatusOr<std::vector<ShapeRange>> SubgraphInputRanges(const ir::Graph& subgraph, const BuilderConfig& config);

/// Builds a plan for `subgraph` (its inputs/outputs are the engine node's, in order).
/// `timing_cache` (optional) is read and extended; without one, a fresh cache is used per build.
/// Errors: kUnsupported for int8, for bf16 without oneDNN or on a CPU without avx512_bf16/AMX, and
/// for a layer without a CPU kernel (naming it),
/// kInvalidArgument for shapes the profile does not fix.
StatusOr<Plan> Build(const ir::Graph& subgraph, const BuilderConfig& config, const ProgressFn& progress = nullptr,
                     TimingCache* timing_cache = nullptr);

/// Shapes of every value of `graph` (indexed by value id) when its inputs have `input_shapes`
/// (ir::InferShapes on a copy). dtypes too, when `dtypes` is given.
StatusOr<std::vector<Shape>> ValueShapesAt(const ir::Graph& graph, const std::vector<Shape>& input_shapes,
                                           std::vector<DType>* dtypes = nullptr);

}  // namespace oar::engine
