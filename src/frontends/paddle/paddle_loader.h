// Public entry points of the Paddle frontend: load an inference model (ProgramDesc + weights)
// into an oar IR graph, or summarise a graph file without converting it (`oar inspect`).
// Formats and layouts: shared/docs/paddle-model-format.md; supported ops: converters/.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "frontends/paddle/model_files.h"
#include "frontends/paddle/program_reader.h"
#include "ir/graph.h"

namespace oar::frontends::paddle {

struct LoadOptions {
  /// Combined params file; empty: detected next to the graph (see ResolveModelPath).
  std::string params_path;
  /// Run ir::VerifyGraph and ir::InferShapes on the converted graph (the normal case). Off only for
  /// tools and tests that look at the raw conversion.
  bool infer_shapes = true;
};

/// Loads a Paddle inference model. `model_path` is a model directory (layout detected) or a graph
/// file; layouts as ResolveModelPath documents (combined `*.pdmodel`+`*.pdiparams`,
/// `__model__`+`__params__`, `model`+`params`, or `__model__` + one file per weight).
/// Returns a graph whose inputs are the feed targets in `col` order, outputs the fetch sources in
/// `col` order, weights constant values, nodes in a topological order, shapes/dtypes inferred
/// (model inputs keep their -1 dims).
/// Errors: kNotFound (missing model, params or weight file, naming the path), kInvalidGraph
/// (unparsable graph, truncated or mismatching params, naming the variable), kUnsupported (one
/// error listing every op type that cannot be converted, or a non-tensor weight).
StatusOr<ir::Graph> LoadModel(const std::string& model_path, const LoadOptions& options = {});

/// What InspectProgram reports about a graph file (parse only: no weights are read).
struct ProgramSummary {
  ModelFiles files;
  int num_blocks = 0;
  /// Paddle version that saved the program (major*1e6 + minor*1e3 + patch), 0 when absent.
  int64_t version = 0;
  std::vector<IoVar> feeds;    ///< col order
  std::vector<IoVar> fetches;  ///< col order
  /// Op type -> count over all blocks (feed/fetch included).
  std::map<std::string, int> op_counts;
  /// Op types (all blocks) without a converter, sorted, as "type (xN)"; ops with a sub-block
  /// are marked ", has a sub-block".
  std::vector<std::string> unsupported_ops;
  int num_weights = 0;              ///< persistable dense tensors of block 0
  int64_t num_weight_elements = 0;  ///< from their VarDesc dims
};

/// Parses a model's graph (directory or graph file) and summarises it. Fails only when the graph
/// cannot be found or parsed.
StatusOr<ProgramSummary> InspectProgram(const std::string& model_path);

/// Multi-line human-readable text of a summary (for `oar inspect`).
std::string FormatProgramSummary(const ProgramSummary& summary);

}  // namespace oar::frontends::paddle
