#include "passes/pipelines.h"

namespace oar::passes {

const std::vector<Pipeline>& BuiltinPipelines() {
  static const std::vector<Pipeline> pipelines = {
      {"default",
       {"identity_elimination", "constant_folding", "dead_code_elimination", "conv_bn_fuse", "conv_bias_act_fuse",
        "fc_fuse", "dead_code_elimination"}},
      {"cleanup", {"identity_elimination", "constant_folding", "dead_code_elimination"}},
  };
  return pipelines;
}

StatusOr<std::vector<std::string>> PipelinePasses(const std::string& pipeline_name) {
  std::string known;
  for (const Pipeline& p : BuiltinPipelines()) {
    if (p.name == pipeline_name) return p.passes;
    known += (known.empty() ? "" : ", ") + p.name;
  }
  return NotFound("passes: unknown pipeline '" + pipeline_name + "' (known: " + known + ")");
}

Status ValidatePipelines() {
  const PassRegistry& registry = PassRegistry::Global();
  for (const Pipeline& p : BuiltinPipelines()) {
    for (const std::string& name : p.passes) {
      if (!registry.Find(name)) {
        return NotFound("passes: pipeline '" + p.name + "' names unknown pass '" + name + "'");
      }
    }
  }
  return Status::OK();
}

Status RunPipeline(const std::string& pipeline_name, ir::Graph& graph, const PipelineOptions& options,
                   std::vector<PassStats>* stats) {
  OAR_ASSIGN_OR_RETURN(std::vector<std::string> names, PipelinePasses(pipeline_name));
  OAR_ASSIGN_OR_RETURN(PassManager pm, PassManager::Create(names, options.passes, options.manager));
  Status s = pm.Run(graph);
  if (stats) *stats = pm.stats();
  return s;
}

Status RunDefaultPipeline(ir::Graph& graph, const PipelineOptions& options, std::vector<PassStats>* stats) {
  return RunPipeline("default", graph, options, stats);
}

}  // namespace oar::passes
