// `oar inspect MODEL`: inputs, outputs, op types with counts and unsupported ops of a Paddle
// model (parse only, no weights needed); `--graph` also loads the model and prints oar's IR;
// `--engine` partitions it for the CPU engine backend, prints which ops form each engine
// subgraph and why every other op stays native, and `--svg FILE` draws the graph before and
// after partition (engine ops green, native ops orange) with Graphviz.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "engine/cpu/cpu_capability.h"
#include "partition/partitioner.h"
#include "runtime/executor.h"
#ifdef OAR_WITH_CUDA
#include "engine/cuda/cuda_capability.h"
#endif
#include "frontends/paddle/paddle_loader.h"
#include "ir/dot_export.h"
#include "ir/printer.h"
#include "partition/partition_report.h"
#include "api/graph_optimizer.h"

namespace oar::cli {

CommandFn AddInspectCommand(CLI::App& app) {
  struct Opts {
    std::string model, params, svg;
    bool graph = false, json = false, engine = false, no_ir_optim = false, gpu = false;
    int min_subgraph_size = 3;
    std::vector<std::string> deny;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("model", o->model, "Model directory or graph file")->required();
  app.add_option("--params", o->params, "Combined params file (with --graph)");
  app.add_flag("--graph", o->graph, "Load the model and print oar's IR after conversion");
  app.add_flag("--json", o->json, "Print the summary as JSON");
  app.add_flag("--engine", o->engine, "Partition for the CPU engine and print the report");
  app.add_flag("--gpu", o->gpu,
               "With --engine: partition for the CUDA engine and list the native ops that would run on the CPU "
               "(CUDA builds)");
  app.add_flag("--no-ir-optim", o->no_ir_optim, "Show the graph as loaded, before the optimisation passes");
  app.add_option("--min-subgraph-size", o->min_subgraph_size, "Smallest engine subgraph (with --engine)")
      ->check(CLI::PositiveNumber);
  app.add_option("--deny", o->deny, "Op kind (e.g. conv2d) or op name kept native (repeatable, with --engine)");
  app.add_option("--svg", o->svg,
                 "With --engine: draw the graph before and after partition to FILE_before.svg and FILE_after.svg");
  return [o]() {
    auto summary = frontends::paddle::InspectProgram(o->model);
    if (!summary.ok()) {
      std::fprintf(stderr, "oar inspect: %s\n", summary.status().ToString().c_str());
      return 1;
    }
    const auto& s = summary.value();
    if (o->json) {
      nlohmann::json j;
      j["graph"] = s.files.graph_path;
      j["blocks"] = s.num_blocks;
      j["version"] = s.version;
      j["op_types"] = s.op_counts;
      j["unsupported"] = s.unsupported_ops;
      for (const auto& v : s.feeds) j["inputs"].push_back({{"name", v.name}, {"dtype", DTypeName(v.dtype)}, {"dims", v.dims}});
      for (const auto& v : s.fetches) j["outputs"].push_back({{"name", v.name}, {"dtype", DTypeName(v.dtype)}, {"dims", v.dims}});
      std::printf("%s\n", j.dump(2).c_str());
    } else {
      std::printf("%s", frontends::paddle::FormatProgramSummary(s).c_str());
    }
    if (!o->graph && !o->engine) return 0;
    frontends::paddle::LoadOptions options;
    options.params_path = o->params;
    auto graph = frontends::paddle::LoadModel(o->model, options);
    if (!graph.ok()) {
      std::fprintf(stderr, "oar inspect: %s\n", graph.status().ToString().c_str());
      return 1;
    }
    if (!o->no_ir_optim) {
      // What the predictor runs: the graph after the default optimisation pipeline.
      Status s = infer::OptimizeGraph(graph.value());
      if (!s.ok()) {
        std::fprintf(stderr, "oar inspect: %s\n", s.ToString().c_str());
        return 1;
      }
    }
    if (o->graph) std::printf("%s", ir::PrintGraph(graph.value()).c_str());
    if (!o->engine) return 0;
    partition::PartitionOptions popts;
    popts.min_subgraph_size = o->min_subgraph_size;
    for (const std::string& d : o->deny) {
      ir::OpKind kind;
      if (ir::ParseOpKind(d, &kind)) {
        popts.deny_kinds.insert(kind);
      } else {
        popts.deny_node_names.insert(d);
      }
    }
    StatusOr<partition::PartitionResult> result = Internal("no partition");
    if (o->gpu) {
#ifdef OAR_WITH_CUDA
      popts.backend = engine::cuda::kCudaBackendName;
      result = partition::PartitionGraph(graph.value(), engine::cuda::CudaEngineSupports, popts);
#else
      std::fprintf(stderr, "oar inspect: --gpu needs a CUDA build of oar (this one was built without CUDA)\n");
      return 1;
#endif
    } else {
      result = engine::cpu::PartitionForCpuEngine(graph.value(), popts);
    }
    if (!result.ok()) {
      std::fprintf(stderr, "oar inspect: %s\n", result.status().ToString().c_str());
      return 1;
    }
    std::printf("\n%s", partition::FormatPartitionReport(result->report).c_str());
    if (o->gpu) {
      // Native ops of a GPU predictor run on the GPU when they have a CUDA kernel; the rest on the CPU.
      std::vector<std::string> cpu;
      const ir::Graph& pg = result->graph;
      for (ir::NodeId id : pg.LiveNodes()) {
        const ir::Node& n = pg.node(id);
        if (n.kind == ir::OpKind::kEngine) continue;
        std::string why = runtime::GpuPlacementRefusal(pg, n);
        if (!why.empty()) cpu.push_back(n.name + " (" + ir::OpKindName(n.kind) + "): " + why);
      }
      std::printf("native ops on the CPU with copies (%zu):\n", cpu.size());
      for (const std::string& line : cpu) std::printf("  %s\n", line.c_str());
    }
    if (!o->svg.empty()) {
      std::string stem = o->svg;
      if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".svg") == 0) stem.resize(stem.size() - 4);
      ir::DotOptions before;
      before.title = "before partition: green ops go to the engine, orange stay native";
      before.highlight = partition::PartitionHighlight(result->report);
      ir::DotOptions after;
      after.title = "after partition: engine nodes green, native ops orange";
      for (const auto& [path, text] : {std::make_pair(stem + "_before.svg", ir::ToDot(graph.value(), before)),
                                       std::make_pair(stem + "_after.svg", ir::ToDot(result->graph, after))}) {
        Status s = ir::WriteSvg(text, path);
        if (!s.ok()) {
          std::fprintf(stderr, "oar inspect: %s\n", s.ToString().c_str());
          return 1;
        }
        std::printf("wrote %s\n", path.c_str());
      }
    }
    return 0;
  };
}

}  // namespace oar::cli
