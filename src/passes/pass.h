// Graph passes: the Pass interface, the typed options every pass is built from, and the
// name -> factory registry.
//
// A pass rewrites an ir::Graph in place and reports how many rewrites it made. It is built by
// its factory from one typed PassOptions struct (no string-keyed options) and runs without any
// other input: no files, no engines, no globals. Pattern passes separate matching from
// rewriting: `Matches()` checks every precondition (logging why a candidate was rejected through
// OAR_VLOG(2)) and returns a match; `Rewrite()` applies a match and never discovers that it does
// not apply.
//
// Registration: OAR_REGISTER_PASS(MyPass) in the pass's .cc file only defines the function
// `RegisterMyPass(PassRegistry&)` that adds the pass's factory; RegisterAllPasses()
// (register_all_passes.cc) calls every such function explicitly, so nothing depends on static
// initialisers (which linkers drop from static libraries).
//
// Pipelines (pipelines.h) are lists of registered names; PassManager (pass_manager.h) checks
// every name before running anything, then runs the passes and verifies the graph after each.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "ir/graph.h"

namespace oar::passes {

/// Evaluates one node on concrete input tensors (nullptr = absent optional input) and returns
/// its outputs. Constant folding needs it; it is a callback so that oar_passes does not depend
/// on the runtime: the API layer passes runtime::RunSingleOp.
using NodeEvaluator =
    std::function<StatusOr<std::vector<Tensor>>(const ir::Node& node, const std::vector<const Tensor*>& inputs)>;

/// Options of constant_folding.
struct ConstantFoldingOptions {
  /// Evaluates foldable nodes. Without it only Shape of a statically shaped value is folded.
  NodeEvaluator evaluator;
  /// A node whose outputs would together exceed this many bytes is not folded (it would turn
  /// a cheap op on small constants, e.g. Fill or Expand, into a large weight).
  int64_t max_output_bytes = int64_t{64} << 20;
};

/// Options of every pass, one typed struct per pass that has any. A pass's factory receives
/// the whole struct and keeps the part it needs.
struct PassOptions {
  ConstantFoldingOptions constant_folding;
};

/// Static description of a pass.
struct PassInfo {
  /// Registered name, e.g. "conv_bn_fuse" (the file name without "_pass").
  std::string name;
  /// The pass runs when the pipeline's opt level is >= this: 1 = graph cleanup that keeps every
  /// computation as written (dead code, identities, constant folding); 2 = fusions that change
  /// how results are computed (folded weights, fused epilogues).
  int opt_level = 1;
  /// One line for logs and `--help` style listings.
  std::string summary;
};

/// A graph transformation. Not thread-safe; one instance runs one graph at a time.
class Pass {
 public:
  virtual ~Pass() = default;
  virtual const PassInfo& info() const = 0;
  /// Rewrites `graph` in place and returns the number of rewrites made (0: graph unchanged).
  /// Passes may leave removed nodes tombstoned; the PassManager compacts after each pass. An
  /// error means the graph is unusable (it may be partly rewritten).
  virtual StatusOr<int> Run(ir::Graph& graph) = 0;
};

using PassFactory = std::function<std::unique_ptr<Pass>(const PassOptions& options)>;

/// Name -> factory table.
class PassRegistry {
 public:
  /// The process-wide registry holding every built-in pass (RegisterAllPasses, called once).
  static PassRegistry& Global();

  /// Adds a pass. A name registered twice is an internal error (aborts: it is a programming
  /// error in the registration list, not an input error).
  void Register(PassInfo info, PassFactory factory);
  /// The info of a registered pass, or nullptr.
  const PassInfo* Find(const std::string& name) const;
  /// Builds a pass by name. kNotFound for an unknown name, listing the registered names.
  StatusOr<std::unique_ptr<Pass>> Create(const std::string& name, const PassOptions& options) const;
  /// Registered names, sorted.
  std::vector<std::string> Names() const;

 private:
  struct Entry {
    PassInfo info;
    PassFactory factory;
  };
  std::map<std::string, Entry> entries_;
};

/// Registers every built-in pass (register_all_passes.cc: one line per pass).
void RegisterAllPasses(PassRegistry& registry);

}  // namespace oar::passes

/// Defines `void Register<PassClass>(PassRegistry&)`, which adds PassClass's factory under
/// PassClass::Info().name. Use inside namespace oar::passes, in the pass's .cc file. PassClass
/// needs `static const PassInfo& Info()` and a constructor taking `const PassOptions&`.
#define OAR_REGISTER_PASS(PassClass)                                                                          \
  void Register##PassClass(::oar::passes::PassRegistry& registry) {                                           \
    registry.Register(PassClass::Info(),                                                                      \
                      [](const ::oar::passes::PassOptions& options) -> std::unique_ptr<::oar::passes::Pass> { \
                        return std::make_unique<PassClass>(options);                                          \
                      });                                                                                     \
  }
