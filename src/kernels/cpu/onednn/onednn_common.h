// Shared pieces of the oneDNN fast paths (conv2d, matmul, pool2d): the CPU engine, the
// OnednnKernel base class (Prepare/Run with fallback to the reference kernel), and the
// pre-built execution steps that let Run() go through the C API without allocating.
//
// What a fast path does not handle is decided in two places: attribute-level refusals in the
// KernelDef's `accepts` callback (the registry then picks "ref"), and shape-level ones in
// PrepareOnednn (only known when shapes are): the kernel then delegates Prepare/Run to the
// "ref" kernel of the same op, and says so through delegated()/delegate_reason().
#pragma once

#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <vector>

#include "runtime/kernel.h"

namespace oar::kernels::cpu::onednn {

/// The process-wide oneDNN CPU engine (engine kind cpu, index 0).
const dnnl::engine& CpuEngine();

/// True when every present input has dtype f32.
bool AllFloat32(const std::vector<DType>& input_dtypes);

/// True for oneDNN's naive reference implementations ("ref:..."), slower than oar's own.
bool IsOnednnReferenceImpl(const dnnl::primitive_desc_base& pd);

/// Plain row-major dims of a tensor as oneDNN dims.
dnnl::memory::dims ToDims(const Shape& shape);
/// Row-major strides of `dims`.
dnnl::memory::dims DenseStrides(const dnnl::memory::dims& dims);
/// "[1,2,3]" for oneDNN dims (messages).
std::string DimsToString(const dnnl::memory::dims& dims);

/// Sets the calling thread's OpenMP thread count for oneDNN (which sizes its parallel
/// regions from omp_get_max_threads() at primitive creation and execution) and restores it.
class ScopedOmpThreads {
 public:
  explicit ScopedOmpThreads(int num_threads);
  ~ScopedOmpThreads();
  ScopedOmpThreads(const ScopedOmpThreads&) = delete;
  ScopedOmpThreads& operator=(const ScopedOmpThreads&) = delete;

 private:
  int previous_ = 0;
};

/// One primitive with its arguments bound to memory objects owned by the kernel. Built in
/// Prepare; Run() executes it through the C API (no exceptions, no allocation on our side).
struct Step {
  dnnl::primitive primitive;
  std::vector<dnnl_exec_arg_t> args;
};

/// Adds an argument to a step; `memory` must outlive the step.
void BindArg(Step* step, int arg, const dnnl::memory& memory);

/// The scratchpad shared by the steps of one kernel (they run one after another on one
/// stream). Every primitive is created with scratchpad_mode::user.
class Scratchpad {
 public:
  void Clear();
  /// Grows the required size to cover this primitive's scratchpad.
  void Require(const dnnl::primitive_desc_base& pd);
  /// Allocates the buffer (reusing the current one when large enough).
  void Allocate(const dnnl::engine& engine);
  /// Binds DNNL_ARG_SCRATCHPAD to `step` when any scratchpad is needed.
  void BindTo(Step* step) const;

 private:
  size_t required_ = 0;
  size_t allocated_ = 0;
  dnnl::memory memory_;
};

/// An attr with scratchpad_mode::user.
dnnl::primitive_attr UserScratchpadAttr();

/// A reorder step from `from` to `to` (both memory objects owned by the caller).
Step MakeReorder(const dnnl::memory& from, const dnnl::memory& to, Scratchpad* scratchpad);

/// Whether input `i` may be packed once: the caller's constant_inputs when given, else
/// `assume_when_unknown`.
bool InputIsConstant(const runtime::KernelContext& ctx, int i, bool assume_when_unknown);

/// Cache key of weights packed once into the layout a primitive prefers: the packed copy is
/// reused while the same constant weight tensor (data pointer and shape) comes back.
class PackedWeightCache {
 public:
  /// True when the packed copy holds `weights`: they were packed from this data pointer and
  /// shape, and the copy was not invalidated since.
  bool Matches(const Tensor& weights) const;
  /// Records that `weights`, a constant tensor, were just packed.
  void Remember(const Tensor& weights);
  /// Forgets the packed copy (weights not constant, a new packed buffer, weights read as stored).
  void Invalidate() { valid_ = false; }
  /// Whether a packed copy of weights of `shape` is held (Prepare: its buffer may stay).
  bool HoldsShape(const Shape& shape) const { return valid_ && shape_ == shape; }

 private:
  bool valid_ = false;
  const void* data_ = nullptr;
  Shape shape_;
};

/// A weight input read by a primitive in the layout the primitive prefers (format_tag::any):
/// reordered into a buffer of that layout, once for a constant tensor (PackedWeightCache).
struct PackedWeights {
  dnnl::memory user;    // the weight tensor as stored; its handle is set in Run
  dnnl::memory packed;  // what the primitive reads: `user` itself when no reorder is needed
  Step reorder;         // user -> packed; empty when the primitive reads the weights as stored
  PackedWeightCache cache;

  /// Prepare side: when `packed_md` differs from `user_md`, points `packed` at a buffer of
  /// layout `packed_md` (the current one, with what it holds, when the cache holds weights of
  /// `shape` in that layout; else a new one, invalidating the cache) and builds `reorder`;
  /// otherwise `packed` is `user` and the cache is invalidated.
  void Prepare(const dnnl::memory::desc& user_md, const dnnl::memory::desc& packed_md, const Shape& shape,
               Scratchpad* scratchpad);
  /// True when Run reorders the weights (Prepare found another layout than the stored one).
  bool reorders() const { return static_cast<bool>(reorder.primitive); }
};

/// Base class of the oneDNN kernels. Catches oneDNN exceptions, sets the thread count, and
/// delegates to the reference kernel when PrepareOnednn declines the shapes.
class OnednnKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) final;
  Status Run(const runtime::KernelContext& ctx) final;

  /// True when the last Prepare handed this op to the "ref" kernel.
  bool delegated() const { return delegate_ != nullptr; }
  /// Why (empty when not delegated).
  const std::string& delegate_reason() const { return delegate_reason_; }
  /// oneDNN's name of the implementation of the main primitive (after a non-delegated Prepare).
  const std::string& impl_name() const { return impl_name_; }

 protected:
  /// Builds the primitives for the current shapes. Sets *decline to a reason (and returns OK)
  /// when the shapes are outside what this path handles. May throw dnnl::error, which also
  /// makes the kernel decline.
  virtual Status PrepareOnednn(const runtime::KernelContext& ctx, std::string* decline) = 0;
  /// Runs the prepared primitives; must not allocate.
  virtual Status RunOnednn(const runtime::KernelContext& ctx) = 0;
  /// Short component name for messages, e.g. "onednn conv2d".
  virtual const char* Component() const = 0;

  /// Points a memory object at a tensor's data (no copy).
  Status SetHandle(const runtime::KernelContext& ctx, const dnnl::memory& memory, const void* data);
  /// Executes a prepared step on this kernel's stream.
  Status Execute(const runtime::KernelContext& ctx, const Step& step, const char* what);
  /// Waits for the stream.
  Status Wait(const runtime::KernelContext& ctx);
  /// Run side of PackedWeights for input `i`: binds the tensor as stored, or reorders it into
  /// the packed buffer unless the cache Matches it; the packed copy is remembered only for a
  /// constant input (InputIsConstant, with `assume_constant` when the caller does not say).
  Status SetWeights(const runtime::KernelContext& ctx, int i, bool assume_constant, PackedWeights* weights,
                    const char* what);

  void set_impl_name(std::string name) { impl_name_ = std::move(name); }
  dnnl::stream& stream() { return stream_; }

 private:
  Status Delegate(const runtime::KernelContext& ctx, std::string reason);

  dnnl::stream stream_;
  std::unique_ptr<runtime::Kernel> delegate_;
  std::string delegate_reason_;
  std::string impl_name_;
};


/// Registers a oneDNN fast path: the f32 CPU kernel named "onednn" for `kind`, priority 10
/// (above the "ref" kernels), refusing the nodes `accepts` refuses.
void RegisterOnednnKernel(runtime::KernelRegistry& registry, ir::OpKind kind, runtime::KernelFactory factory,
                          decltype(runtime::KernelDef::accepts) accepts);

/// RegisterOnednnKernel with `KernelT` (default-constructed) as the factory.
template <typename KernelT>
void RegisterOnednnKernel(runtime::KernelRegistry& registry, ir::OpKind kind,
                          decltype(runtime::KernelDef::accepts) accepts) {
  RegisterOnednnKernel(
      registry, kind, []() -> std::unique_ptr<runtime::Kernel> { return std::make_unique<KernelT>(); }, accepts);
}

// Registration of each fast path (one per file); RegisterOnednnKernels calls them all.
void RegisterConv2d(runtime::KernelRegistry& registry);
void RegisterMatMul(runtime::KernelRegistry& registry);
void RegisterPool2d(runtime::KernelRegistry& registry);

}  // namespace oar::kernels::cpu::onednn
