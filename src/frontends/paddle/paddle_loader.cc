#include "frontends/paddle/paddle_loader.h"

#include <sstream>

#include "frontends/paddle/converter_registry.h"
#include "frontends/paddle/params_reader.h"
#include "frontends/paddle/program_converter.h"
#include "ir/op_schema.h"
#include "ir/verifier.h"

namespace oar::frontends::paddle {

namespace {

constexpr const char* kComponent = "paddle frontend: ";

StatusOr<std::map<std::string, Tensor>> ReadWeights(const ModelFiles& files, const std::vector<WeightSpec>& specs) {
  if (!files.params_path.empty()) return ReadCombinedParams(files.params_path, specs);
  if (!files.separate_dir.empty()) return ReadSeparateParams(files.separate_dir, specs);
  if (specs.empty()) return std::map<std::string, Tensor>();
  return NotFound(std::string(kComponent) + "graph '" + files.graph_path + "' declares " +
                  std::to_string(specs.size()) + " weights (e.g. '" + specs.front().name +
                  "') but no params file was found next to it: looked for <stem>.pdiparams, __params__, params "
                  "and *.pdiparams; pass LoadOptions::params_path");
}

std::string DimsText(const std::vector<int64_t>& dims) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < dims.size(); ++i) os << (i ? ", " : "") << dims[i];
  os << "]";
  return os.str();
}

}  // namespace

StatusOr<ir::Graph> LoadModel(const std::string& model_path, const LoadOptions& options) {
  OAR_ASSIGN_OR_RETURN(ModelFiles files, ResolveModelPath(model_path, options.params_path));
  OAR_ASSIGN_OR_RETURN(proto::ProgramDesc program, ReadProgram(files.graph_path));
  OAR_ASSIGN_OR_RETURN(std::vector<WeightSpec> specs, CollectWeightSpecs(program));
  OAR_ASSIGN_OR_RETURN(auto weights, ReadWeights(files, specs));
  OAR_ASSIGN_OR_RETURN(ir::Graph graph, ConvertProgram(program, weights));
  if (options.infer_shapes) {
    Status st = ir::VerifyGraph(graph);
    if (!st.ok()) return st.WithPrefix(std::string(kComponent) + "converted graph of '" + files.graph_path + "': ");
    st = ir::InferShapes(graph);
    if (!st.ok()) return st.WithPrefix(std::string(kComponent) + "shape inference of '" + files.graph_path + "': ");
  }
  return graph;
}

StatusOr<ProgramSummary> InspectProgram(const std::string& model_path) {
  ProgramSummary summary;
  OAR_ASSIGN_OR_RETURN(summary.files, ResolveModelPath(model_path));
  OAR_ASSIGN_OR_RETURN(proto::ProgramDesc program, ReadProgram(summary.files.graph_path));
  summary.num_blocks = program.blocks_size();
  summary.version = program.has_version() ? program.version().version() : 0;
  const proto::BlockDesc& block0 = program.blocks(0);
  OAR_ASSIGN_OR_RETURN(summary.feeds, CollectFeeds(block0));
  OAR_ASSIGN_OR_RETURN(summary.fetches, CollectFetches(block0));
  std::vector<const proto::OpDesc*> ops;
  for (const auto& block : program.blocks()) {
    for (const auto& op : block.ops()) {
      ++summary.op_counts[op.type()];
      ops.push_back(&op);
    }
  }
  summary.unsupported_ops = ListUnconvertibleOps(ops, ConverterRegistry::Global());
  for (const auto& var : block0.vars()) {
    DType dtype;
    std::vector<int64_t> dims;
    int type = var.type().type();
    if (!var.persistable() || type == proto::VarType::FEED_MINIBATCH || type == proto::VarType::FETCH_LIST ||
        type == proto::VarType::RAW || !DenseTensorInfo(var, &dtype, &dims)) {
      continue;
    }
    ++summary.num_weights;
    int64_t n = 1;
    for (int64_t d : dims) n *= d > 0 ? d : 1;
    summary.num_weight_elements += n;
  }
  return summary;
}

std::string FormatProgramSummary(const ProgramSummary& s) {
  std::ostringstream os;
  os << "graph:    " << s.files.graph_path << "\n";
  if (!s.files.params_path.empty()) os << "params:   " << s.files.params_path << " (combined)\n";
  if (!s.files.separate_dir.empty()) os << "params:   " << s.files.separate_dir << " (one file per weight)\n";
  os << "version:  " << (s.version ? std::to_string(s.version) : std::string("(not recorded)")) << "\n";
  os << "blocks:   " << s.num_blocks << "\n";
  os << "weights:  " << s.num_weights << " tensors, " << s.num_weight_elements << " elements\n";
  for (const IoVar& v : s.feeds) {
    os << "input  " << v.col << ": " << v.name << " " << DTypeName(v.dtype) << DimsText(v.dims) << "\n";
  }
  for (const IoVar& v : s.fetches) {
    os << "output " << v.col << ": " << v.name << " " << DTypeName(v.dtype) << DimsText(v.dims) << "\n";
  }
  os << "ops:";
  for (const auto& [type, count] : s.op_counts) os << " " << type << " x" << count << ";";
  os << "\n";
  if (s.unsupported_ops.empty()) {
    os << "unsupported: none\n";
  } else {
    os << "unsupported:";
    for (const auto& u : s.unsupported_ops) os << " " << u << ";";
    os << "\n";
  }
  return os.str();
}

}  // namespace oar::frontends::paddle
