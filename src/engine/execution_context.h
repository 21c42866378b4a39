// ExecutionContext (design.md §3): the per-predictor state of one Engine -- kernel instances of
// the chosen tactics, the activation arena and the shape bindings of the last run. It is not
// shared between threads; each predictor (clone) owns its own.
//
// Run: inputs are checked against the engine's ranges; when the input shapes differ from the last
// run, every value's shape is inferred again and, if some intermediate value no longer fits the
// bytes the arena plan gave it (a larger shape than planned), the arena is re-planned for the new
// shapes inside this context (no rebuild). Layers run in plan order; a kernel is Prepared when its
// input shapes changed. Subgraph outputs are written straight into the caller's tensors.
//
// Plans whose runner is "onednn" run through a cpu::OnednnNetwork instead, built lazily on the
// first Run for those input shapes and thread count. Its primitives are shape-specific, so new
// input shapes (or threads) build another network; the last kMaxNetworks are kept, most recently
// used first (sharing one copy of the packed weights), and replans() counts the networks built
// after the first.
#pragma once

#include <memory>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "engine/arena_plan.h"
#include "engine/engine.h"
#include "runtime/kernel.h"

namespace oar::engine {

#ifdef OAR_WITH_ONEDNN
namespace cpu {
class OnednnNetwork;
class OnednnWeightCache;
}  // namespace cpu
#endif

class ExecutionContext {
 public:
  explicit ExecutionContext(std::shared_ptr<const Engine> engine);
  ~ExecutionContext();
  ExecutionContext(const ExecutionContext&) = delete;
  ExecutionContext& operator=(const ExecutionContext&) = delete;

  /// inputs[i] feeds subgraph input i; outputs[o] receives subgraph output o and must already have
  /// the right dtype and shape (the runtime's executor sizes them through the kEngine schema).
  /// When `outputs` tensors are undefined they are allocated here.
  Status Run(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs, int num_threads = 1);
  /// Convenience for tests and tools: allocates the outputs.
  Status Run(const std::vector<Tensor>& inputs, std::vector<Tensor>* outputs, int num_threads = 1);

  const Engine& engine() const { return *engine_; }
  /// Arena bytes allocated now (the onednn runner: the current network's) / times the arena was
  /// re-planned for larger shapes (the onednn runner: networks built after the first).
  size_t arena_bytes() const;
  int replans() const { return replans_; }

  /// Networks of the onednn runner kept for recent input shapes.
  static constexpr size_t kMaxNetworks = 4;

 private:
  Status Rebind(const std::vector<Shape>& input_shapes);
  Status RunNetwork(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                    const std::vector<Shape>& input_shapes, int num_threads);

  std::shared_ptr<const Engine> engine_;
  std::vector<std::unique_ptr<runtime::Kernel>> kernels_;
  std::vector<bool> prepared_;
  ArenaPlan arena_plan_;
  std::shared_ptr<Buffer> arena_;
  std::vector<Shape> bound_inputs_;   // input shapes of the current binding
  std::vector<Shape> shapes_;         // per value id
  std::vector<DType> dtypes_;         // per value id
  std::vector<Tensor> values_;        // per value id: views into the arena, constants, inputs, outputs
  std::vector<std::vector<Shape>> prepared_shapes_;  // per step
  bool bound_ = false;
  int replans_ = 0;
#ifdef OAR_WITH_ONEDNN
  std::vector<std::unique_ptr<cpu::OnednnNetwork>> networks_;  // most recently used first
  std::unique_ptr<cpu::OnednnWeightCache> weights_;             // packed once for all of them
  int networks_built_ = 0;
#endif
};

}  // namespace oar::engine
