// CudaEngineRunner: the per-predictor run state of one CUDA engine (design.md §3
// ExecutionContext) -- kernels of the chosen tactics, the device copies of the weights, a device
// activation arena, reformat buffers between NCHW and channels-last layers, and the CUDA graph of
// the whole engine.
//
// Run: inputs are checked against the engine's ranges and copied into the engine's own input
// buffers; when the input shapes changed, every value's shape is re-inferred and the arena
// re-planned if a value outgrew it (no rebuild); kernels whose input shapes changed are
// Prepared. With CUDA graphs on, the second run at a binding captures all layers into one graph
// and later runs replay it (one launch instead of one per layer); a capture failure falls back
// to launching layers one by one, with one warning. Outputs are copied (or reformatted) into the
// caller's tensors. Everything is enqueued on the caller's stream; nothing synchronises.
#pragma once

#include <cuda_runtime.h>

#include <memory>
#include <set>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "cuda/cuda_context.h"
#include "engine/arena_plan.h"
#include "engine/engine.h"
#include "runtime/kernel.h"

namespace oar::engine::cuda {

class CudaEngineRunner {
 public:
  static StatusOr<std::unique_ptr<CudaEngineRunner>> Create(std::shared_ptr<const Engine> engine,
                                                            oar::cuda::CudaContext* cctx, bool cuda_graph);
  ~CudaEngineRunner();

  /// inputs/outputs: device tensors in the subgraph's order; outputs already sized.
  Status Run(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs);

  size_t arena_bytes() const { return arena_ ? arena_->size() : 0; }
  int replans() const { return replans_; }
  bool graph_captured() const { return graph_exec_ != nullptr; }

 private:
  CudaEngineRunner(std::shared_ptr<const Engine> engine, oar::cuda::CudaContext* cctx, bool cuda_graph)
      : engine_(std::move(engine)), cctx_(cctx), use_graph_(cuda_graph) {}
  Status Init();
  Status Rebind(const std::vector<Shape>& input_shapes);
  Status RunLayers();
  void DropGraph();

  // A value read in the other layout: where it goes and which layout it is in there.
  struct Reformat {
    ir::ValueId value;
    bool to_channels_last;
    Tensor scratch;
  };
  struct Layer {
    ir::NodeId node;
    const runtime::KernelDef* def = nullptr;
    std::unique_ptr<runtime::Kernel> kernel;
    bool channels_last = false;            // the kernel is told channels_last
    std::vector<const Tensor*> inputs;     // bound per binding
    std::vector<Tensor*> outputs;
    std::vector<bool> constant_inputs;
    std::vector<Reformat> reformats;       // run before the layer
    std::vector<Shape> prepared_shapes;
    bool prepared = false;
  };

  std::shared_ptr<const Engine> engine_;
  oar::cuda::CudaContext* cctx_;
  bool use_graph_;
  std::vector<Layer> layers_;
  std::vector<char> value_cl_;          // per value: stored channels-last
  std::vector<Tensor> device_constants_;
  ArenaPlan arena_plan_;
  std::shared_ptr<Buffer> arena_;
  std::vector<Shape> bound_inputs_;
  std::vector<Shape> shapes_;
  std::vector<DType> dtypes_;
  std::vector<Tensor> values_;           // per value id: arena views, constants, own input/output buffers
  bool bound_ = false;
  int replans_ = 0;
  int runs_at_binding_ = 0;
  cudaGraph_t graph_ = nullptr;
  cudaGraphExec_t graph_exec_ = nullptr;
};

}  // namespace oar::engine::cuda
