// The engine's entry point for the API layer (Config::EnableEngine, the CLI): partition a graph
// for the CPU engine and build (or load from the cache) a plan for every engine node.
//
//   engine::EngineOptions opts;
//   opts.builder.max_batch_size = 8;                  // or opts.builder.profile.Add("x", min, opt, max)
//   opts.use_static = true; opts.model_dir = dir;     // plans in <dir>/_opt_cache/
//   OAR_RETURN_IF_ERROR(engine::PrepareEngineGraph(graph, opts));
//   ... runtime::Executor on `graph` runs each engine node through the kEngine kernel.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/builder.h"
#include "engine/builder_config.h"
#include "ir/graph.h"

namespace oar::engine {

struct EngineOptions {
  /// Engine backend: "cpu" (default) or "cuda" (CUDA builds, after
  /// engine::cuda::RegisterCudaEngineBackend).
  std::string backend = "cpu";
  /// precision, workspace_size, max_batch_size, min_subgraph_size, timing, and the profile of the
  /// MODEL inputs (by model input name); each engine gets ranges derived for its own inputs.
  BuilderConfig builder;
  /// Persist plans (and the timing cache) and load them on later runs.
  bool use_static = false;
  /// Cache directory; empty: <model_dir>/_opt_cache (use_static without either is an error).
  std::string cache_dir;
  std::string model_dir;
  /// Kinds / node names that must stay native (Paddle's DisableEngineOps).
  std::set<ir::OpKind> deny_kinds;
  std::set<std::string> deny_node_names;
  /// Receives every progress line; when unset, summary lines go to stderr ("[oar engine] ...")
  /// and per-layer lines only at OAR_VLOG level 1.
  ProgressFn progress;
};

/// What happened to one engine node.
struct EngineNodeReport {
  std::string name;      // "cpu_engine_0"
  int layers = 0;
  bool loaded = false;   // from the cache dir
  std::string plan_path; // when use_static
  double ms = 0;         // build or load time
};

/// Partitions `graph` in place (engine::cpu::PartitionForCpuEngine with
/// options.builder.min_subgraph_size and the deny lists) and gives every engine node a built
/// Engine (attached through EngineAttrs::subgraph, see Engine::SubgraphHandle). Registers the
/// kEngine kernel in the global KernelRegistry. `graph` needs dtypes (it is shape-inferred here).
/// On error `graph` is left unchanged. Errors: profile errors (kInvalidArgument naming the input),
/// kUnsupported precisions, builder errors naming the engine node.
Status PrepareEngineGraph(ir::Graph& graph, const EngineOptions& options,
                          std::vector<EngineNodeReport>* report = nullptr);

}  // namespace oar::engine
