// The native kernel contract (design.md §3): Prepare() when input shapes change — choose an
// algorithm, size scratch memory, pack weights; Run() computes, allocating nothing.
// The executor computes output shapes through the op's schema and allocates outputs before
// Run(); only kernels of data-dependent ops (OpSchema::data_dependent_output) resize their
// outputs themselves inside Run().
#pragma once

#include <deque>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "ir/graph.h"

namespace oar::runtime {

enum class DeviceType { kCpu, kCuda };

struct KernelContext {
  const ir::Node* node = nullptr;
  std::vector<const Tensor*> inputs;  // nullptr for an absent optional input
  std::vector<Tensor*> outputs;
  int num_threads = 1;
  /// Per input, when the caller knows it: true for a graph constant (a weight) whose contents
  /// never change while the kernel lives, so the kernel may pack it once. Empty = not known.
  std::vector<bool> constant_inputs;
  /// For kCuda kernels: the cuda::CudaContext* (stream, handles, workspace) of the caller; opaque
  /// here because the runtime interface knows no CUDA. Null for CPU kernels.
  void* cuda = nullptr;
  /// Largest scratch a kernel may use, in bytes (the engine's workspace_size); < 0 = no limit.
  int64_t workspace_limit = -1;
  /// Set by an engine only for kernels whose KernelDef::layout is kChannelsLast: the 4-D
  /// activation inputs and outputs are stored NHWC (shapes stay the logical NCHW ones); weights
  /// stay as the graph holds them and the kernel reorders its own copy in Prepare.
  bool channels_last = false;
  /// TF32 tensor-core math is allowed for f32 data (Config: the engine's allow_tf32).
  bool allow_tf32 = false;

  const Tensor& input(int i) const { return *inputs[static_cast<size_t>(i)]; }
  bool has_input(int i) const { return i < static_cast<int>(inputs.size()) && inputs[static_cast<size_t>(i)]; }
  Tensor& output(int i) const { return *outputs[static_cast<size_t>(i)]; }
  template <typename T>
  const T& attr() const { return node->attr<T>(); }
  /// "op '<name>' (<kind>): " for error messages.
  std::string Where() const;
};

class Kernel {
 public:
  virtual ~Kernel() = default;
  /// Called before the first Run and whenever an input shape changed. Inputs are set, outputs
  /// already have their shapes (contents undefined).
  virtual Status Prepare(const KernelContext& ctx) { (void)ctx; return Status::OK(); }
  virtual Status Run(const KernelContext& ctx) = 0;
};

using KernelFactory = std::unique_ptr<Kernel> (*)();

struct KernelDef {
  ir::OpKind kind;
  DeviceType device = DeviceType::kCpu;
  /// dtype of input 0 this kernel accepts; kUndefined = any (the kernel checks itself).
  DType dtype = DType::kUndefined;
  /// Higher wins. Reference kernels use 0, fast paths (oneDNN, AVX-512) 10+.
  int priority = 0;
  /// Stable name, e.g. "ref", "onednn".
  std::string name;
  KernelFactory factory = nullptr;
  /// Optional: may refuse a node (attrs, dtypes it cannot handle); nullptr = accepts all.
  bool (*accepts)(const ir::Node& node, const std::vector<DType>& input_dtypes) = nullptr;
  /// How the kernel treats memory layout. kPlain: row-major logical shapes only. kAgnostic: the
  /// result does not depend on the layout as long as every 4-D input and the output share it
  /// (pointwise ops on equal shapes). kChannelsLast: honours KernelContext::channels_last.
  enum class Layout { kPlain, kAgnostic, kChannelsLast };
  Layout layout = Layout::kPlain;
};

class KernelRegistry {
 public:
  /// The process-wide registry with every built-in kernel registered.
  static KernelRegistry& Global();

  void Register(KernelDef def);
  /// Best kernel for a node on a device given its input dtypes; `name` picks one by name
  /// (e.g. "ref" in tests). Error when none fits, naming the op and dtypes.
  StatusOr<const KernelDef*> Find(const ir::Node& node, DeviceType device, const std::vector<DType>& input_dtypes,
                                  const std::string& name = "") const;
  /// All kernels registered for a kind (tests).
  std::vector<const KernelDef*> KernelsFor(ir::OpKind kind, DeviceType device) const;

 private:
  // A deque keeps pointers to registered defs valid when more are added; the mutex lets
  // predictors be created on several threads while a backend registers its kernels.
  mutable std::shared_mutex mu_;
  std::deque<KernelDef> defs_;
};

}  // namespace oar::runtime

namespace oar::kernels::cpu {
/// Registers every CPU kernel (reference and fast paths). Defined in kernels/cpu/register_all.cc.
void RegisterAll(runtime::KernelRegistry& registry);
}  // namespace oar::kernels::cpu

#ifdef OAR_WITH_CUDA
namespace oar::kernels::cuda {
/// Registers every CUDA kernel. Defined in kernels/cuda/register_all.cc (CUDA builds only).
void RegisterAll(runtime::KernelRegistry& registry);
}  // namespace oar::kernels::cuda
#endif
