// The native executor: runs a graph node by node on registered kernels.
// Per run: check the inputs against the graph's input specs, then for each node infer the
// output shapes from the actual input shapes (and the values of shape-carrying inputs),
// take output memory from the MemoryPool, Prepare the kernel when its input shapes changed,
// and Run it. An Executor is used by one thread at a time; the graph (weights) may be shared.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "ir/graph.h"
#include "ir/op_schema.h"
#include "runtime/kernel.h"
#include "runtime/memory_pool.h"

namespace oar::runtime {

struct ExecutorOptions {
  int num_threads = 1;
  bool memory_optim = false;   // reuse activation buffers by liveness
  std::string kernel_name;     // force kernels of this name where available ("ref" in tests)
  bool profile = false;        // time every node (NodeTimes())
};

/// Accumulated wall time of one node over the profiled runs.
struct NodeTime {
  std::string node;
  std::string kind;
  std::string kernel;
  double total_ms = 0;
  int runs = 0;
};

class Executor {
 public:
  static StatusOr<std::unique_ptr<Executor>> Create(std::shared_ptr<const ir::Graph> graph,
                                                    const ExecutorOptions& options);

  /// inputs[i] feeds graph input i. On success `outputs` holds the graph outputs (owned copies
  /// of nothing: they share the executor's output buffers until the next Run).
  Status Run(const std::vector<Tensor>& inputs, std::vector<Tensor>* outputs);

  const ir::Graph& graph() const { return *graph_; }
  const MemoryStats& memory_stats() const { return pool_.stats(); }
  const ExecutorOptions& options() const { return options_; }
  /// Name of the kernel chosen for each live node, in execution order ("conv_1: onednn").
  std::vector<std::string> KernelChoices() const;
  /// Per-node times (execution order) when options.profile is on.
  std::vector<NodeTime> NodeTimes() const;

 private:
  Executor(std::shared_ptr<const ir::Graph> graph, const ExecutorOptions& options)
      : graph_(std::move(graph)), options_(options), pool_(options.memory_optim) {}
  Status Init();
  Status RunSteps();
  /// Hard errors: input unset, dtype or rank differs. A static dim that differs from the one
  /// the model declares is only noted in `mismatch` (Paddle treats declared dims as hints).
  Status CheckInput(size_t i, const Tensor& t, std::string* mismatch) const;

  struct Step {
    ir::NodeId node;
    const KernelDef* def = nullptr;
    std::unique_ptr<Kernel> kernel;
    std::vector<Shape> prepared_shapes;         // input shapes at the last Prepare
    std::vector<Shape> prepared_output_shapes;  // output shapes at the last Prepare
    std::vector<ir::OutputInfo> last_outputs;   // inference result of the last run
    bool prepared = false;
    std::vector<ir::ValueId> release_after;  // values whose last use is this step
    double total_ms = 0;
    int runs = 0;
  };

  std::shared_ptr<const ir::Graph> graph_;
  ExecutorOptions options_;
  MemoryPool pool_;
  std::vector<Step> steps_;
  std::vector<Tensor> values_;          // runtime tensor per value id
  std::vector<char> is_graph_output_;
};

}  // namespace oar::runtime
