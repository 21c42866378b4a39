#include "kernels/cpu/onednn/onednn_common.h"

#include <omp.h>
#include <oneapi/dnnl/dnnl_debug.h>

#include <algorithm>
#include <cstring>
#include <new>

#include "core/logging.h"

namespace oar::kernels::cpu::onednn {

const dnnl::engine& CpuEngine() {
  static const dnnl::engine* engine = new dnnl::engine(dnnl::engine::kind::cpu, 0);
  return *engine;
}

bool AllFloat32(const std::vector<DType>& input_dtypes) {
  for (DType t : input_dtypes) {
    if (t != DType::kUndefined && t != DType::kFloat32) return false;
  }
  return !input_dtypes.empty();
}

bool IsOnednnReferenceImpl(const dnnl::primitive_desc_base& pd) {
  const char* name = pd.impl_info_str();
  return name && std::strncmp(name, "ref", 3) == 0;
}

dnnl::memory::dims ToDims(const Shape& shape) { return dnnl::memory::dims(shape.dims().begin(), shape.dims().end()); }

dnnl::memory::dims DenseStrides(const dnnl::memory::dims& dims) {
  dnnl::memory::dims strides(dims.size(), 1);
  for (size_t i = dims.size(); i-- > 1;) strides[i - 1] = strides[i] * std::max<dnnl::memory::dim>(dims[i], 1);
  return strides;
}

std::string DimsToString(const dnnl::memory::dims& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
  return s + "]";
}

ScopedOmpThreads::ScopedOmpThreads(int num_threads) : previous_(omp_get_max_threads()) {
  if (num_threads > 0 && num_threads != previous_) omp_set_num_threads(num_threads);
}

ScopedOmpThreads::~ScopedOmpThreads() {
  if (omp_get_max_threads() != previous_) omp_set_num_threads(previous_);
}

void BindArg(Step* step, int arg, const dnnl::memory& memory) {
  step->args.push_back(dnnl_exec_arg_t{arg, memory.get()});
}

void Scratchpad::Clear() { required_ = 0; }

void Scratchpad::Require(const dnnl::primitive_desc_base& pd) {
  required_ = std::max(required_, pd.scratchpad_desc().get_size());
}

void Scratchpad::Allocate(const dnnl::engine& engine) {
  if (required_ == 0 || required_ <= allocated_) return;
  dnnl::memory::desc md({static_cast<dnnl::memory::dim>(required_)}, dnnl::memory::data_type::u8,
                        dnnl::memory::format_tag::a);
  memory_ = dnnl::memory(md, engine);
  allocated_ = required_;
}

void Scratchpad::BindTo(Step* step) const {
  if (required_ > 0) BindArg(step, DNNL_ARG_SCRATCHPAD, memory_);
}

dnnl::primitive_attr UserScratchpadAttr() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

Step MakeReorder(const dnnl::memory& from, const dnnl::memory& to, Scratchpad* scratchpad) {
  dnnl::reorder::primitive_desc pd(from.get_engine(), from.get_desc(), to.get_engine(), to.get_desc(),
                                   UserScratchpadAttr());
  scratchpad->Require(pd);
  Step step;
  step.primitive = dnnl::reorder(pd);
  BindArg(&step, DNNL_ARG_FROM, from);
  BindArg(&step, DNNL_ARG_TO, to);
  return step;
}

bool InputIsConstant(const runtime::KernelContext& ctx, int i, bool assume_when_unknown) {
  if (i < static_cast<int>(ctx.constant_inputs.size())) return ctx.constant_inputs[static_cast<size_t>(i)];
  return assume_when_unknown;
}

bool PackedWeightCache::Matches(const Tensor& weights) const {
  return valid_ && data_ == weights.raw_data() && shape_ == weights.shape();
}

void PackedWeightCache::Remember(const Tensor& weights) {
  valid_ = true;
  data_ = weights.raw_data();
  shape_ = weights.shape();
}

void PackedWeights::Prepare(const dnnl::memory::desc& user_md, const dnnl::memory::desc& packed_md,
                            const Shape& shape, Scratchpad* scratchpad) {
  const dnnl::engine& eng = CpuEngine();
  user = dnnl::memory(user_md, eng, DNNL_MEMORY_NONE);
  reorder = Step{};
  if (packed_md == user_md) {
    packed = user;
    cache.Invalidate();
    return;
  }
  // Keep the packed weights when the same weight tensor is packed into the same layout.
  if (!cache.HoldsShape(shape) || !packed || packed.get_desc() != packed_md) {
    packed = dnnl::memory(packed_md, eng);
    cache.Invalidate();
  }
  reorder = MakeReorder(user, packed, scratchpad);
}

void RegisterOnednnKernel(runtime::KernelRegistry& registry, ir::OpKind kind, runtime::KernelFactory factory,
                          decltype(runtime::KernelDef::accepts) accepts) {
  runtime::KernelDef def;
  def.kind = kind;
  def.dtype = DType::kFloat32;
  def.priority = 10;
  def.name = "onednn";
  def.factory = factory;
  def.accepts = accepts;
  registry.Register(std::move(def));
}

Status OnednnKernel::Prepare(const runtime::KernelContext& ctx) {
  delegate_.reset();
  delegate_reason_.clear();
  impl_name_.clear();
  ScopedOmpThreads threads(ctx.num_threads);
  std::string decline;
  try {
    if (!stream_) stream_ = dnnl::stream(CpuEngine());
    OAR_RETURN_IF_ERROR(PrepareOnednn(ctx, &decline));
  } catch (const dnnl::error& e) {
    decline = std::string("oneDNN could not set it up (") + dnnl_status2str(e.status) + "): " + e.what();
  } catch (const std::bad_alloc&) {
    return OutOfMemory(std::string(Component()) + ": " + ctx.Where() + "out of memory while preparing");
  }
  if (!decline.empty()) return Delegate(ctx, std::move(decline));
  return Status::OK();
}

Status OnednnKernel::Run(const runtime::KernelContext& ctx) {
  if (delegate_) return delegate_->Run(ctx);
  ScopedOmpThreads threads(ctx.num_threads);
  return RunOnednn(ctx);
}

Status OnednnKernel::Delegate(const runtime::KernelContext& ctx, std::string reason) {
  OAR_VLOG(1, Component() << ": " << ctx.Where() << "using the reference kernel: " << reason);
  std::vector<DType> dtypes;
  for (const Tensor* t : ctx.inputs) dtypes.push_back(t ? t->dtype() : DType::kUndefined);
  OAR_ASSIGN_OR_RETURN(const runtime::KernelDef* def,
                       runtime::KernelRegistry::Global().Find(*ctx.node, runtime::DeviceType::kCpu, dtypes, "ref"));
  delegate_ = def->factory();
  delegate_reason_ = std::move(reason);
  return delegate_->Prepare(ctx);
}

Status OnednnKernel::SetHandle(const runtime::KernelContext& ctx, const dnnl::memory& memory, const void* data) {
  dnnl_status_t s = dnnl_memory_set_data_handle_v2(memory.get(), const_cast<void*>(data), stream_.get());
  if (s != dnnl_success) {
    return Internal(std::string(Component()) + ": " + ctx.Where() +
                    "setting a data handle failed: " + dnnl_status2str(s));
  }
  return Status::OK();
}

Status OnednnKernel::Execute(const runtime::KernelContext& ctx, const Step& step, const char* what) {
  dnnl_status_t s =
      dnnl_primitive_execute(step.primitive.get(), stream_.get(), static_cast<int>(step.args.size()), step.args.data());
  if (s != dnnl_success) {
    return Internal(std::string(Component()) + ": " + ctx.Where() + what + " failed: " + dnnl_status2str(s));
  }
  return Status::OK();
}

Status OnednnKernel::Wait(const runtime::KernelContext& ctx) {
  dnnl_status_t s = dnnl_stream_wait(stream_.get());
  if (s != dnnl_success) {
    return Internal(std::string(Component()) + ": " + ctx.Where() + "stream wait failed: " + dnnl_status2str(s));
  }
  return Status::OK();
}

Status OnednnKernel::SetWeights(const runtime::KernelContext& ctx, int i, bool assume_constant,
                                PackedWeights* weights, const char* what) {
  const Tensor& t = ctx.input(i);
  if (!weights->reorders()) return SetHandle(ctx, weights->user, t.raw_data());
  if (weights->cache.Matches(t)) return Status::OK();
  OAR_RETURN_IF_ERROR(SetHandle(ctx, weights->user, t.raw_data()));
  OAR_RETURN_IF_ERROR(Execute(ctx, weights->reorder, what));
  if (InputIsConstant(ctx, i, assume_constant)) {
    weights->cache.Remember(t);
  } else {
    weights->cache.Invalidate();
  }
  return Status::OK();
}

}  // namespace oar::kernels::cpu::onednn
