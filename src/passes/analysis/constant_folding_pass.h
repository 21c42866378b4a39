// constant_folding: evaluates nodes whose inputs are all constants and replaces their outputs
// by constants; also turns Shape of a value with a fully static shape into a constant.
//
//   $c1 ──▶ transpose ──▶ %t ──▶ matmul          $t' ──▶ matmul      ($t' = transpose($c1))
//
//   %x: f32[2,3,48,192] ──▶ shape ──▶ slice ──▶ concat ──▶ %s ──▶ reshape(%y, %s)
//   ==>  $s: i64[...] ──▶ reshape(%y, $s)          (shape-op chains fold when shapes are static)
//
// Nodes are visited in topological order, so a folded output lets its consumers fold in the
// same run; each node's output shapes are re-inferred first, so a Shape whose input became
// static through an upstream fold (e.g. a Reshape whose ShapeTensor just became a constant)
// folds too. An output keeps its value id and name: it only becomes a constant.
//
// Never folded: ops whose output size depends on data (OpSchema::data_dependent_output, e.g.
// NMS), and nodes whose outputs would exceed ConstantFoldingOptions::
// max_output_bytes. Evaluation goes through ConstantFoldingOptions::evaluator (the runtime's
// single-op path, given by the API layer); without one only Shape folds. A node the evaluator
// fails on is left in place with the reason at OAR_VLOG(1): the executor will report the same
// error at run time, with the inputs the user gave.
#pragma once

#include <optional>

#include "passes/pass.h"

namespace oar::passes {

class ConstantFoldingPass final : public Pass {
 public:
  struct Match {
    ir::NodeId node = ir::kNoNode;
    /// Shape of a statically shaped value: folded without the evaluator.
    bool static_shape = false;
  };

  explicit ConstantFoldingPass(const PassOptions& options) : options_(options.constant_folding) {}
  static const PassInfo& Info();
  const PassInfo& info() const override { return Info(); }
  /// Returns the number of nodes folded.
  StatusOr<int> Run(ir::Graph& graph) override;

  /// Whether node `id` can be folded (reasons at OAR_VLOG(2)).
  std::optional<Match> Matches(const ir::Graph& graph, ir::NodeId id) const;
  /// Folds a match. Returns false (graph unchanged) when the evaluator fails or its outputs
  /// exceed the size cap: both are only known after evaluating.
  bool Rewrite(ir::Graph& graph, const Match& match) const;

 private:
  ConstantFoldingOptions options_;
};

}  // namespace oar::passes
