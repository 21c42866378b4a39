#include "engine/prepare_engine_graph.h"

#include <chrono>
#include <cstdio>
#include <iostream>

#include "core/logging.h"
#include "engine/backend.h"
#include "engine/cache_store.h"
#include "engine/device_signature.h"
#include "engine/engine.h"
#include "engine/engine_kernel.h"
#include "ir/op_schema.h"
#include "partition/partitioner.h"

namespace oar::engine {

namespace {

void Say(const EngineOptions& options, const std::string& line, bool summary) {
  if (options.progress) {
    options.progress(line);
  } else if (summary) {
    std::cerr << "[oar engine] " << line << std::endl;
  } else {
    OAR_VLOG(1, "[oar engine] " << line);
  }
}

std::string Seconds(double ms) {
  char buf[32];
  snprintf(buf, sizeof(buf), ms < 1000 ? "%.0f ms" : "%.2f s", ms < 1000 ? ms : ms / 1000.0);
  return buf;
}

}  // namespace

Status PrepareEngineGraph(ir::Graph& graph, const EngineOptions& options, std::vector<EngineNodeReport>* report) {
  OAR_ASSIGN_OR_RETURN(const EngineBackend* backend, FindEngineBackend(options.backend));
  backend->register_kernel();
  std::string cache_dir = options.cache_dir;
  if (options.use_static && cache_dir.empty()) {
    if (options.model_dir.empty()) {
      return InvalidArgument("engine: use_static needs a cache directory (SetOptimCacheDir) or a model directory");
    }
    cache_dir = options.model_dir + "/_opt_cache";
  }
  ir::Graph inferred = graph;
  OAR_RETURN_IF_ERROR(ir::InferShapes(inferred).WithPrefix("engine: "));

  partition::PartitionOptions popts;
  popts.min_subgraph_size = options.builder.min_subgraph_size;
  popts.deny_kinds = options.deny_kinds;
  popts.deny_node_names = options.deny_node_names;
  popts.backend = backend->name;
  OAR_ASSIGN_OR_RETURN(partition::PartitionResult parts, partition::PartitionGraph(inferred, backend->supports, popts));

  CacheStore store(cache_dir);
  TimingCache timing;
  if (options.use_static) store.LoadTimingCache(&timing);
  const size_t timed_before = timing.size();
  std::vector<EngineNodeReport> reports;

  for (ir::NodeId id : parts.graph.LiveNodes()) {
    ir::Node& node = parts.graph.mutable_node(id);
    if (node.kind != ir::OpKind::kEngine) continue;
    auto& attrs = node.mutable_attr<ir::EngineAttrs>();
    const ir::Graph& sub = *attrs.subgraph;
    const std::string where = "engine '" + node.name + "': ";
    BuilderConfig config = options.builder;
    config.profile = OptimizationProfile{};
    if (!options.builder.profile.empty()) {
      std::vector<std::string> names;
      for (ir::ValueId v : sub.inputs()) names.push_back(sub.value(v).name);
      auto ranges = DeriveSubgraphRanges(inferred, options.builder.profile, names);
      if (!ranges.ok()) return ranges.status().WithPrefix(where);
      config.profile = std::move(ranges).value();
    }
    const int layers = static_cast<int>(sub.LiveNodes().size());
    ProgressFn layer_progress = [&](const std::string& line) { Say(options, node.name + ": " + line, false); };
    auto build = [&]() -> StatusOr<Plan> {
      Say(options, "building " + node.name + ": " + std::to_string(layers) + " layers ...", true);
      auto plan = backend->build(sub, config, layer_progress, &timing);
      if (!plan.ok()) return plan.status().WithPrefix(where);
      Say(options, "built " + node.name + " in " + Seconds(plan->data().build_ms), true);
      return plan;
    };
    EngineNodeReport r;
    r.name = node.name;
    r.layers = layers;
    Plan plan;
    auto t0 = std::chrono::steady_clock::now();
    if (options.use_static) {
      std::string key = PlanCacheKey(sub, config, backend->device_signature());
      OAR_ASSIGN_OR_RETURN(CacheLookup found, store.LoadOrBuild(key, build));
      plan = found.plan;
      r.loaded = found.loaded;
      r.plan_path = found.path;
      if (found.loaded) Say(options, "loaded plan " + found.path + " in " + Seconds(found.load_ms), true);
    } else {
      OAR_ASSIGN_OR_RETURN(plan, build());
    }
    r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    auto engine = Engine::Create(plan, node.name);
    if (!engine.ok()) return engine.status();
    attrs.subgraph = engine.value()->SubgraphHandle();
    reports.push_back(std::move(r));
  }
  if (options.use_static && timing.size() != timed_before) {
    Status s = store.StoreTimingCache(timing);
    if (!s.ok()) WarnOnce("engine-timing-cache-write:" + cache_dir, s.message());
  }
  graph = std::move(parts.graph);
  if (report) *report = std::move(reports);
  return Status::OK();
}

}  // namespace oar::engine
