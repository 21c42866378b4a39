// Finding the files of a Paddle inference model on disk (shared/docs/paddle-model-format.md §1).
#pragma once

#include <string>

#include "core/status.h"

namespace oar::frontends::paddle {

/// Where a model's graph and weights are. At most one of params_path / separate_dir is set; both
/// are empty when no weights file was found (fine for a program without weights).
struct ModelFiles {
  std::string graph_path;    ///< the serialized ProgramDesc
  std::string params_path;   ///< combined params file, or ""
  std::string separate_dir;  ///< directory holding one file per weight (separate layout), or ""
};

/// Resolves `model_path` (a model directory or a graph file) and an optional explicit params file.
/// Directory layouts, in the order they are tried:
///  - graph `inference.pdmodel`, `model.pdmodel`, the only `*.pdmodel`, then `__model__`, then `model`;
///  - params: `params_path` when given; else `<stem>.pdiparams` next to a `<stem>.pdmodel`; else
///    `__params__`, `params`, or the only `*.pdiparams` in the directory;
///  - no params file next to `__model__` / `model`: separate layout (one file per weight) in that dir.
/// Errors: kNotFound naming the path and the layouts looked for; kUnsupported for a PIR JSON
/// model (`inference.json`); kInvalidArgument when a directory holds several `*.pdmodel` files
/// and none has a standard name, or when `model_path` is a `*.pdiparams` file.
StatusOr<ModelFiles> ResolveModelPath(const std::string& model_path, const std::string& params_path = "");

}  // namespace oar::frontends::paddle
