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
  /// kCuda: nodes with a CUDA kernel (and float data) run on the GPU of `cuda`, the rest on the
  /// CPU, with copies between them where a value crosses (design.md §2 runtime).
  DeviceType device = DeviceType::kCpu;
  /// The cuda::CudaContext* GPU kernels run with (stream, handles); required for kCuda, owned
  /// by the caller (the predictor). Opaque here: the runtime interface knows no CUDA types.
  void* cuda = nullptr;
};

/// Why a GPU executor would run node `n` of `g` on the CPU ("no CUDA kernel for it", "input 1 is
/// i64 (...)"), or "" when it runs on the GPU (then `*def`, when given, is its CUDA kernel).
/// `g` needs value dtypes. Used by the executor and by `oar inspect --gpu`.
std::string GpuPlacementRefusal(const ir::Graph& g, const ir::Node& n, const std::string& kernel_name = "",
                                const KernelDef** def = nullptr);

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
  /// Name of the kernel chosen for each live node, in execution order ("conv_1: onednn";
  /// GPU kernels as "conv_1: cuda/cudnn").
  std::vector<std::string> KernelChoices() const;
  /// Nodes that run on the CPU although the executor runs on the GPU, with the reason
  /// ("yolo_box_0 (yolo_box): no CUDA kernel; runs on the CPU with copies").
  std::vector<std::string> CpuFallbacks() const;
  /// Per-node times (execution order) when options.profile is on.
  std::vector<NodeTime> NodeTimes() const;

 private:
  Executor(std::shared_ptr<const ir::Graph> graph, const ExecutorOptions& options)
      : graph_(std::move(graph)), options_(options), pool_(options.memory_optim), device_pool_(options.memory_optim) {}
  Status Init();
  Status RunSteps();
  struct Step;
  /// Runs one step (placing its inputs on its device first). A CUDA kernel whose Prepare answers
  /// kUnsupported hands the step to the CPU kernel for good (noted in CpuFallbacks).
  Status RunStep(Step& step);
  /// Switches `step` to its CPU kernel, recording why.
  Status FallBackToCpu(Step& step, const std::string& why);
  /// `t` on `device` (a staged copy kept in `staged` when it must move; constants once per executor).
  StatusOr<const Tensor*> Place(const Tensor& t, ir::ValueId v, DeviceType device, Tensor* staged);
  Status SyncDevice();
  /// Hard errors: input unset, dtype or rank differs. A static dim that differs from the one
  /// the model declares is only noted in `mismatch` (Paddle treats declared dims as hints).
  Status CheckInput(size_t i, const Tensor& t, std::string* mismatch) const;

  struct Step {
    ir::NodeId node;
    DeviceType device = DeviceType::kCpu;
    std::string fallback_reason;  // why a node of a GPU executor runs on the CPU
    std::vector<Tensor> staged;   // per input: its copy on this step's device, when it had to move
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
  MemoryPool device_pool_;
  std::vector<Step> steps_;
  std::vector<Tensor> device_constants_;  // per value id: a constant's device copy (GPU executors)
  std::vector<Tensor> values_;          // runtime tensor per value id
  std::vector<char> is_graph_output_;
};

}  // namespace oar::runtime
