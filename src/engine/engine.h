// Engine (design.md §3): a Plan made runnable -- tactics resolved to kernel definitions, the
// execution order and the input ranges fixed. Immutable after Create and shared (shared_ptr) by
// every predictor clone; each predictor runs it through its own ExecutionContext.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/builder_config.h"
#include "engine/plan.h"
#include "runtime/kernel.h"

namespace oar::engine {

class ExecutionContext;

class Engine : public std::enable_shared_from_this<Engine> {
 public:
  /// `name` is the engine node's name ("cpu_engine_0"), used in messages. Errors: a tactic the
  /// KernelRegistry does not hold (kNotFound naming the layer and tactic), a plan whose layers do
  /// not match its subgraph (kInvalidArgument).
  static StatusOr<std::shared_ptr<const Engine>> Create(Plan plan, std::string name);

  const std::string& name() const { return name_; }
  const Plan& plan() const { return plan_; }
  const ir::Graph& subgraph() const { return plan_.subgraph(); }

  struct Step {
    ir::NodeId node;
    const runtime::KernelDef* def;
  };
  const std::vector<Step>& steps() const { return steps_; }
  /// Range of subgraph input i (from the plan's profile, or the declared shape with the batch rule).
  const std::vector<ShapeRange>& input_ranges() const { return input_ranges_; }
  /// True when input i has a range from a profile; false when only max_batch_size bounds it.
  bool has_profile(size_t i) const { return profiled_[i]; }

  /// Checks input shapes against the ranges: the error names the engine, the input, the shape and
  /// the range ("engine 'cpu_engine_0': input 'x' shape [9,3,224,224] is outside the profile
  /// range min [1,3,224,224] max [8,3,224,224]"), or the batch rule ("... batch 3 exceeds
  /// max_batch_size 1 ...").
  Status CheckInputShapes(const std::vector<Shape>& shapes) const;

  /// A fresh context (kernels instantiated, arena not yet allocated). Not thread safe itself.
  StatusOr<std::unique_ptr<ExecutionContext>> CreateExecutionContext() const;

  /// How a built engine rides on an engine node without a new IR field: a shared_ptr to the
  /// plan's subgraph that shares ownership of this Engine (shared_ptr aliasing). PrepareEngineGraph
  /// stores it in EngineAttrs::subgraph, so every copy of the graph (predictor clones) keeps the
  /// engine alive and shape inference of the kEngine node still sees the subgraph.
  std::shared_ptr<const ir::Graph> SubgraphHandle() const;
  /// The engine behind a SubgraphHandle(), or nullptr for a plain subgraph pointer (found through
  /// the control block's deleter, so it cannot be fooled by a reused address).
  static std::shared_ptr<const Engine> FromSubgraph(const std::shared_ptr<const ir::Graph>& subgraph);

 private:
  Engine(Plan plan, std::string name) : plan_(std::move(plan)), name_(std::move(name)) {}
  Plan plan_;
  std::string name_;
  std::vector<Step> steps_;
  std::vector<ShapeRange> input_ranges_;
  std::vector<bool> profiled_;
};

}  // namespace oar::engine
