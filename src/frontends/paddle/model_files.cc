#include "frontends/paddle/model_files.h"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace oar::frontends::paddle {

namespace fs = std::filesystem;

namespace {

constexpr const char* kComponent = "paddle frontend: ";
constexpr const char* kLayouts =
    "looked for a graph file inference.pdmodel, model.pdmodel, *.pdmodel, __model__ or model (combined layout: "
    "with params in <stem>.pdiparams, __params__, params or *.pdiparams; separate layout: __model__ plus one file "
    "per weight)";

bool IsFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// Regular files of `dir` whose name ends with `suffix`, sorted.
std::vector<fs::path> FilesWithSuffix(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> out;
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        IsFile(it->path())) {
      out.push_back(it->path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

StatusOr<fs::path> FindGraphInDir(const fs::path& dir) {
  for (const char* name : {"inference.pdmodel", "model.pdmodel"}) {
    if (IsFile(dir / name)) return dir / name;
  }
  std::vector<fs::path> pdmodels = FilesWithSuffix(dir, ".pdmodel");
  if (pdmodels.size() == 1) return pdmodels[0];
  if (pdmodels.size() > 1) {
    std::string list;
    for (const auto& p : pdmodels) list += (list.empty() ? "" : ", ") + p.filename().string();
    return InvalidArgument(std::string(kComponent) + "model directory '" + dir.string() +
                           "' holds several graph files (" + list + "); pass the one to load as the model path");
  }
  for (const char* name : {"__model__", "model"}) {
    if (IsFile(dir / name)) return dir / name;
  }
  if (IsFile(dir / "inference.json")) {
    return Unsupported(std::string(kComponent) + "model directory '" + dir.string() +
                       "' holds a PIR JSON program (inference.json, Paddle >= 3.0), which oar does not read; export "
                       "the model as a ProgramDesc (*.pdmodel) instead");
  }
  return NotFound(std::string(kComponent) + "no Paddle graph file in model directory '" + dir.string() +
                  "': " + kLayouts);
}

}  // namespace

StatusOr<ModelFiles> ResolveModelPath(const std::string& model_path, const std::string& params_path) {
  std::error_code ec;
  const fs::path path(model_path);
  if (model_path.empty() || !fs::exists(path, ec)) {
    return NotFound(std::string(kComponent) + "model path '" + model_path + "' does not exist; " + kLayouts);
  }
  ModelFiles files;
  fs::path graph;
  if (fs::is_directory(path, ec)) {
    OAR_ASSIGN_OR_RETURN(graph, FindGraphInDir(path));
  } else {
    graph = path;
    if (graph.extension() == ".pdiparams") {
      return InvalidArgument(std::string(kComponent) + "'" + model_path +
                             "' is a params file; pass the model directory or the graph file (*.pdmodel) instead");
    }
  }
  files.graph_path = graph.string();
  const fs::path dir = graph.parent_path().empty() ? fs::path(".") : graph.parent_path();

  if (!params_path.empty()) {
    if (!IsFile(params_path)) {
      return NotFound(std::string(kComponent) + "params file '" + params_path +
                      "' (LoadOptions::params_path) does not exist or is not a file");
    }
    files.params_path = params_path;
    return files;
  }
  std::vector<fs::path> candidates;
  if (graph.extension() == ".pdmodel") candidates.push_back(fs::path(graph).replace_extension(".pdiparams"));
  candidates.push_back(dir / "__params__");
  candidates.push_back(dir / "params");
  for (const fs::path& c : candidates) {
    if (IsFile(c) && c != graph) {
      files.params_path = c.string();
      return files;
    }
  }
  std::vector<fs::path> pdiparams = FilesWithSuffix(dir, ".pdiparams");
  if (pdiparams.size() == 1) {
    files.params_path = pdiparams[0].string();
    return files;
  }
  if (graph.extension() != ".pdmodel") files.separate_dir = dir.string();
  return files;
}

}  // namespace oar::frontends::paddle
