// PassManager: runs a list of registered passes over one graph.
//
//   PassManager::Create(names, pass_options, manager_options)   every name checked here
//       -> Run(graph): for each pass (skipped when its opt_level is above the manager's)
//            pass.Run(graph) -> Graph::Compact() -> checks -> stats -> optional IR dump
//
// Checks after every pass (PassManagerOptions::verify): ir::VerifyGraph, ir::InferShapes, the
// graph's inputs and outputs unchanged (same values by name, same dtypes: a pass must never
// rename what the user feeds or fetches), and stored node order still topological when it was
// before. A failing check is an error naming the pass.
//
// Declared input shapes. The executor runs a model at any input size its ops accept (Paddle
// models often declare a fixed size, e.g. [-1,3,32,100], and are fed others), so a static dim
// that comes from a graph input's declaration is not a fact a pass may build on: folding
// Shape(x) to [1,3,32,100] or dropping a "same-shape" Reshape would give wrong results at
// another size. Unless PassManagerOptions::trust_input_shapes is set, Run() therefore infers
// shapes with every graph input dim unknown (ranks kept) while the passes run, and restores the
// declared shapes (and re-infers) at the end. Only shapes fixed by the graph itself (weights,
// attributes, constants) are then static.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "passes/pass.h"

namespace oar::passes {

/// What one pass did to the graph.
struct PassStats {
  std::string pass;
  bool ran = false;  ///< false when skipped for its opt level
  int rewrites = 0;  ///< as the pass reports them
  int nodes_before = 0;
  int nodes_after = 0;
  int nodes_removed = 0;  ///< nodes (by name) present before, absent after
  int nodes_added = 0;    ///< nodes (by name) absent before, present after
  double ms = 0.0;        ///< the pass itself, without the checks
};

/// Receives the IR text (ir::PrintGraph) after a pass named in dump_ir_after.
using IrDumpFn = std::function<void(const std::string& pass_name, const std::string& ir_text)>;

struct PassManagerOptions {
  /// Passes with PassInfo::opt_level above this are skipped (recorded with ran = false).
  int opt_level = 2;
  /// Verify the graph after every pass (see the file comment). On by default: it costs a shape
  /// inference per pass, small next to loading a model.
  bool verify = true;
  /// Take the graph inputs' declared dims as the only sizes the graph will run at (see the file
  /// comment). Set it only when inputs are guaranteed to have exactly the declared shapes.
  bool trust_input_shapes = false;
  /// Pass names after which to dump the IR; "all" dumps after every pass. Names are checked
  /// against the registry in Create().
  std::set<std::string> dump_ir_after;
  /// Where dumps go; nullptr writes "=== IR after <pass> ===" and the text to stderr.
  IrDumpFn dump;
};

class PassManager {
 public:
  /// Builds the passes of `pipeline` in order. Fails before anything runs when a name (in the
  /// pipeline or in dump_ir_after) is not registered: kNotFound naming it and listing the
  /// registered passes.
  static StatusOr<PassManager> Create(const std::vector<std::string>& pipeline, const PassOptions& pass_options,
                                      PassManagerOptions options = {});

  PassManager(PassManager&&) = default;
  PassManager& operator=(PassManager&&) = default;

  /// Runs every pass on `graph`, which must verify before the first one. Errors carry the prefix
  /// "pass manager: after pass '<name>': " (or "... pass '<name>' failed: ").
  Status Run(ir::Graph& graph);

  /// Per-pass statistics of the last Run (pipeline order).
  const std::vector<PassStats>& stats() const { return stats_; }
  /// The pass names, in order.
  std::vector<std::string> pass_names() const;

 private:
  PassManager() = default;
  Status CheckAfter(const std::string& pass, ir::Graph& graph, bool was_topological) const;
  Status RunPasses(ir::Graph& graph);

  std::vector<std::unique_ptr<Pass>> passes_;
  PassManagerOptions options_;
  std::vector<PassStats> stats_;
};

/// Multi-line table of stats (pass, ran, rewrites, nodes before -> after, -removed/+added, ms).
std::string FormatPassStats(const std::vector<PassStats>& stats);

/// True when every live node comes after the producers of its inputs in stored order.
bool IsStoredOrderTopological(const ir::Graph& graph);

}  // namespace oar::passes
