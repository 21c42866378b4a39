// `oar inspect MODEL`: inputs, outputs, op types with counts and unsupported ops of a Paddle
// model (parse only, no weights needed); `--graph` also loads the model and prints oar's IR.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "frontends/paddle/paddle_loader.h"
#include "ir/printer.h"

namespace oar::cli {

CommandFn AddInspectCommand(CLI::App& app) {
  struct Opts {
    std::string model, params;
    bool graph = false, json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("model", o->model, "Model directory or graph file")->required();
  app.add_option("--params", o->params, "Combined params file (with --graph)");
  app.add_flag("--graph", o->graph, "Load the model and print oar's IR after conversion");
  app.add_flag("--json", o->json, "Print the summary as JSON");
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
    if (o->graph) {
      frontends::paddle::LoadOptions options;
      options.params_path = o->params;
      auto graph = frontends::paddle::LoadModel(o->model, options);
      if (!graph.ok()) {
        std::fprintf(stderr, "oar inspect: %s\n", graph.status().ToString().c_str());
        return 1;
      }
      std::printf("%s", ir::PrintGraph(graph.value()).c_str());
    }
    return 0;
  };
}

}  // namespace oar::cli
