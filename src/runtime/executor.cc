#include "runtime/executor.h"


#include <chrono>

#include "core/logging.h"
#include "ir/op_schema.h"
#ifdef OAR_WITH_CUDA
#include "cuda/cuda_context.h"
#endif

namespace oar::runtime {

namespace {

bool IsFloat(DType t) { return t == DType::kFloat32 || t == DType::kFloat16; }

// A GPU executor runs a node on the GPU when it has a CUDA kernel and moves float data only
// (integer shape arithmetic stays on the host, where shape inference reads it).
std::string GpuDataRefusal(const ir::Graph& g, const ir::Node& n, const ir::OpSchema& schema) {
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    ir::ValueId v = n.inputs[i];
    if (v == ir::kNoValue) continue;
    bool value_input = false;
    for (int vi : schema.value_inputs) value_input |= vi == static_cast<int>(i);
    if (value_input) continue;
    if (!IsFloat(g.value(v).dtype)) {
      return std::string("input ") + std::to_string(i) + " is " + DTypeName(g.value(v).dtype) +
             " (the GPU path moves float data; integer tensors stay on the CPU)";
    }
  }
  for (ir::ValueId v : n.outputs) {
    if (!IsFloat(g.value(v).dtype)) {
      return std::string("output '") + g.value(v).name + "' is " + DTypeName(g.value(v).dtype) +
             " (integer tensors stay on the CPU)";
    }
  }
  if (schema.data_dependent_output) return "its output size depends on the data";
  return "";
}

}  // namespace

std::string GpuPlacementRefusal(const ir::Graph& g, const ir::Node& n, const std::string& kernel_name,
                                const KernelDef** def) {
  const ir::OpSchema* schema = ir::FindSchema(n.kind);
  if (!schema) return "no schema";
  std::string refusal = GpuDataRefusal(g, n, *schema);
  if (!refusal.empty()) return refusal;
  std::vector<DType> dtypes;
  for (ir::ValueId v : n.inputs) dtypes.push_back(v == ir::kNoValue ? DType::kUndefined : g.value(v).dtype);
  auto gpu = KernelRegistry::Global().Find(n, DeviceType::kCuda, dtypes, kernel_name);
  if (!gpu.ok() && !kernel_name.empty()) gpu = KernelRegistry::Global().Find(n, DeviceType::kCuda, dtypes);
  if (!gpu.ok()) return "no CUDA kernel for it";
  if (def) *def = gpu.value();
  return "";
}

StatusOr<std::unique_ptr<Executor>> Executor::Create(std::shared_ptr<const ir::Graph> graph,
                                                     const ExecutorOptions& options) {
  std::unique_ptr<Executor> ex(new Executor(std::move(graph), options));
  OAR_RETURN_IF_ERROR(ex->Init());
  return ex;
}

Status Executor::Init() {
  const ir::Graph& g = *graph_;
  if (options_.device == DeviceType::kCuda) {
#ifdef OAR_WITH_CUDA
    if (!options_.cuda) return Internal("runtime: a GPU executor needs a CUDA context");
    auto* cctx = static_cast<cuda::CudaContext*>(options_.cuda);
    device_pool_ = MemoryPool(options_.memory_optim, [cctx](size_t n) -> std::shared_ptr<Buffer> {
      auto b = cuda::DeviceAllocator::Get(cctx->device()).Allocate(n);
      return b.ok() ? b.value() : nullptr;
    });
#else
    return Unsupported("runtime: this build of oar has no CUDA support (built without OAR_WITH_CUDA)");
#endif
  }
  device_constants_.assign(static_cast<size_t>(g.num_values()), Tensor());
  OAR_ASSIGN_OR_RETURN(std::vector<ir::NodeId> order, g.TopologicalOrder());
  values_.assign(static_cast<size_t>(g.num_values()), Tensor());
  is_graph_output_.assign(static_cast<size_t>(g.num_values()), 0);
  for (ir::ValueId v : g.outputs()) is_graph_output_[static_cast<size_t>(v)] = 1;
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    if (g.value(v).is_constant()) values_[static_cast<size_t>(v)] = *g.value(v).constant;
  }
  // Kernels are chosen by the dtypes inference assigned to the inputs.
  std::vector<int> last_use(static_cast<size_t>(g.num_values()), -1);
  for (size_t s = 0; s < order.size(); ++s) {
    const ir::Node& n = g.node(order[s]);
    std::vector<DType> dtypes;
    for (ir::ValueId v : n.inputs) {
      dtypes.push_back(v == ir::kNoValue ? DType::kUndefined : g.value(v).dtype);
      if (v != ir::kNoValue) last_use[static_cast<size_t>(v)] = static_cast<int>(s);
    }
    const ir::OpSchema* schema = ir::FindSchema(n.kind);
    if (!schema) return Internal(std::string("runtime: no schema for ") + ir::OpKindName(n.kind));
    Step step;
    step.node = order[s];
    step.staged.resize(n.inputs.size());
    if (options_.device == DeviceType::kCuda) {
      const KernelDef* gpu = nullptr;
      std::string refusal = GpuPlacementRefusal(g, n, options_.kernel_name, &gpu);
      if (refusal.empty()) {
        step.device = DeviceType::kCuda;
        step.def = gpu;
      } else {
        step.fallback_reason = refusal;
      }
    }
    if (!step.def) {
      auto def = KernelRegistry::Global().Find(n, DeviceType::kCpu, dtypes, options_.kernel_name);
      if (!def.ok() && !options_.kernel_name.empty()) def = KernelRegistry::Global().Find(n, DeviceType::kCpu, dtypes);
      if (!def.ok()) return def.status();
      step.def = def.value();
    }
    step.kernel = step.def->factory();
    steps_.push_back(std::move(step));
  }
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    int s = last_use[static_cast<size_t>(v)];
    const ir::Value& val = g.value(v);
    if (s < 0 || val.is_constant() || is_graph_output_[static_cast<size_t>(v)] || val.producer == ir::kNoNode) continue;
    steps_[static_cast<size_t>(s)].release_after.push_back(v);
  }
  return Status::OK();
}

Status Executor::CheckInput(size_t i, const Tensor& t, std::string* mismatch) const {
  const ir::Value& spec = graph_->value(graph_->inputs()[i]);
  if (!t.defined()) {
    return InvalidArgument("runtime: input '" + spec.name + "' was never set (expected " + DTypeName(spec.dtype) +
                           spec.shape.ToString() + ")");
  }
  std::string expected_got = "input '" + spec.name + "': expected " + std::string(DTypeName(spec.dtype)) +
                             spec.shape.ToString() + ", got " + t.Describe();
  if (t.dtype() != spec.dtype || t.shape().rank() != spec.shape.rank()) {
    return InvalidArgument("runtime: " + expected_got);
  }
  for (int d = 0; d < spec.shape.rank(); ++d) {
    if (spec.shape[d] >= 0 && spec.shape[d] != t.shape()[d]) {
      *mismatch += (mismatch->empty() ? "" : "; ") + expected_got;
      break;
    }
  }
  return Status::OK();
}

Status Executor::Run(const std::vector<Tensor>& inputs, std::vector<Tensor>* outputs) {
  const ir::Graph& g = *graph_;
  if (inputs.size() != g.inputs().size()) {
    return InvalidArgument("runtime: expected " + std::to_string(g.inputs().size()) + " inputs, got " +
                           std::to_string(inputs.size()));
  }
  std::string mismatch;
  for (size_t i = 0; i < inputs.size(); ++i) {
    OAR_RETURN_IF_ERROR(CheckInput(i, inputs[i], &mismatch));
    values_[static_cast<size_t>(g.inputs()[i])] = inputs[i];
  }
  Status status = RunSteps();
  if (!status.ok() && !mismatch.empty()) {
    // The model ran at a size other than it declares and failed: lead with the input.
    // Shape errors become the user's input error; resource and internal errors keep their code.
    bool shape_error = status.code() == ErrorCode::kInvalidGraph || status.code() == ErrorCode::kInvalidArgument;
    return Status(shape_error ? ErrorCode::kInvalidArgument : status.code(),
                  "runtime: " + mismatch + " (the model declares that size; running at the given size failed: " +
                      status.message() + ")");
  }
  if (status.ok() && !mismatch.empty()) {
    WarnOnce("declared-dims:" + std::to_string(reinterpret_cast<uintptr_t>(graph_.get())),
             "runtime: " + mismatch + "; the model ran at the given size (warned once per model)");
  }
  OAR_RETURN_IF_ERROR(status);
  outputs->clear();
  for (ir::ValueId v : g.outputs()) outputs->push_back(values_[static_cast<size_t>(v)]);
  return Status::OK();
}

Status Executor::SyncDevice() {
#ifdef OAR_WITH_CUDA
  if (options_.device == DeviceType::kCuda) return static_cast<cuda::CudaContext*>(options_.cuda)->Synchronize();
#endif
  return Status::OK();
}

StatusOr<const Tensor*> Executor::Place(const Tensor& t, ir::ValueId v, DeviceType device, Tensor* staged) {
  const bool on_gpu = t.device().is_cuda();
  if (on_gpu == (device == DeviceType::kCuda) || !t.defined()) return &t;
#ifdef OAR_WITH_CUDA
  auto* cctx = static_cast<cuda::CudaContext*>(options_.cuda);
  const std::string what = "runtime: moving '" + graph_->value(v).name + "' " + t.Describe() + " to the " +
                           (device == DeviceType::kCuda ? "GPU" : "CPU");
  if (device == DeviceType::kCuda) {
    const bool constant = graph_->value(v).is_constant();
    Tensor& dst = constant ? device_constants_[static_cast<size_t>(v)] : *staged;
    if (constant && dst.defined()) return &dst;
    if (!dst.defined() || dst.shape() != t.shape() || dst.dtype() != t.dtype() || !dst.device().is_cuda()) {
      OAR_ASSIGN_OR_RETURN(dst, cctx->Empty(t.dtype(), t.shape()));
    }
    OAR_RETURN_IF_ERROR(cuda::CopyTensor(t, &dst, cctx->stream(), what));
    return &dst;
  }
  if (!staged->defined() || staged->shape() != t.shape() || staged->dtype() != t.dtype() || !staged->is_cpu()) {
    *staged = Tensor(t.dtype(), t.shape());
  }
  OAR_RETURN_IF_ERROR(cuda::CopyTensor(t, staged, cctx->stream(), what));
  OAR_RETURN_IF_ERROR(cctx->Synchronize());  // the CPU kernel reads it next
  return staged;
#else
  (void)v;
  (void)staged;
  return Internal("runtime: a device tensor in a build without CUDA");
#endif
}

Status Executor::FallBackToCpu(Step& step, const std::string& why) {
  const ir::Graph& g = *graph_;
  const ir::Node& n = g.node(step.node);
  std::vector<DType> dtypes;
  for (ir::ValueId v : n.inputs) dtypes.push_back(v == ir::kNoValue ? DType::kUndefined : g.value(v).dtype);
  OAR_ASSIGN_OR_RETURN(const KernelDef* def, KernelRegistry::Global().Find(n, DeviceType::kCpu, dtypes));
  step.device = DeviceType::kCpu;
  step.def = def;
  step.kernel = def->factory();
  step.prepared = false;
  step.fallback_reason = why;
  WarnOnce("gpu-fallback:" + n.name, "runtime: op '" + n.name + "' (" + ir::OpKindName(n.kind) +
                                          ") runs on the CPU: " + why);
  return Status::OK();
}

Status Executor::RunSteps() {
  pool_.BeginRun();
  device_pool_.BeginRun();
  for (Step& step : steps_) OAR_RETURN_IF_ERROR(RunStep(step));
  return Status::OK();
}

Status Executor::RunStep(Step& step) {
  const ir::Graph& g = *graph_;
  const ir::Node& n = g.node(step.node);
  const ir::OpSchema* schema = ir::FindSchema(n.kind);
  std::vector<ir::InputInfo> infos;
  KernelContext ctx;
  ctx.node = &n;
  ctx.num_threads = options_.num_threads;
  const bool gpu = step.device == DeviceType::kCuda;
  if (gpu) ctx.cuda = options_.cuda;
  bool shapes_changed = !step.prepared;
  std::vector<Tensor> host_values;  // host copies of device tensors that shape inference reads
  host_values.reserve(n.inputs.size());
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    ir::InputInfo info;
    ir::ValueId v = n.inputs[i];
    if (v != ir::kNoValue) {
      const Tensor& t = values_[static_cast<size_t>(v)];
      OAR_ASSIGN_OR_RETURN(const Tensor* placed, Place(t, v, step.device, &step.staged[i]));
      info.present = true;
      info.dtype = t.dtype();
      info.shape = t.shape();
      info.value = &t;
      bool value_input = false;
      for (int vi : schema->value_inputs) value_input |= vi == static_cast<int>(i);
      if (value_input && !t.is_cpu()) {
        Tensor staged_host;
        OAR_ASSIGN_OR_RETURN(const Tensor* h, Place(t, v, DeviceType::kCpu, &staged_host));
        host_values.push_back(*h);
        info.value = &host_values.back();
      } else if (!t.is_cpu()) {
        info.value = nullptr;  // never dereferenced on the host
      }
      ctx.inputs.push_back(placed);
      ctx.constant_inputs.push_back(g.value(v).is_constant());
      if (step.prepared && step.prepared_shapes[i] != t.shape()) shapes_changed = true;
    } else {
      ctx.inputs.push_back(nullptr);
      ctx.constant_inputs.push_back(false);
    }
    infos.push_back(std::move(info));
  }
  // Output shapes depend only on input shapes unless the schema reads input values: with the
  // shapes of the last Prepare, the last inference result stands (this skips, e.g., the
  // re-inference of a whole engine subgraph on every run).
  bool reuse = !shapes_changed && schema->value_inputs.empty() && !schema->data_dependent_output &&
               step.last_outputs.size() == n.outputs.size();
  if (!reuse) {
    ir::InferContext ictx(n, std::move(infos), n.outputs.size());
    OAR_RETURN_IF_ERROR(schema->infer(ictx).WithPrefix("runtime: "));
    step.last_outputs = ictx.outputs();
  }
  for (size_t o = 0; o < n.outputs.size(); ++o) {
    ir::ValueId v = n.outputs[o];
    const ir::OutputInfo& info = step.last_outputs[o];
    Shape shape = info.shape;
    for (int d = 0; d < shape.rank(); ++d) {
      if (shape[d] < 0) {
        if (!schema->data_dependent_output) {
          return Internal("runtime: op '" + n.name + "' (" + ir::OpKindName(n.kind) + ") output #" +
                          std::to_string(o) + " has unknown dim at run time: " + info.shape.ToString());
        }
        shape[d] = 0;  // the kernel sizes it
      }
    }
    Tensor& out = values_[static_cast<size_t>(v)];
    size_t nbytes = static_cast<size_t>(shape.NumElements()) * DTypeSize(info.dtype);
    if (gpu) {
      // Graph outputs keep their own device buffer across runs (the predictor copies them out).
      if (is_graph_output_[static_cast<size_t>(v)]) {
#ifdef OAR_WITH_CUDA
        if (!out.defined() || out.is_cpu() || !out.buffer() || out.buffer()->size() < nbytes) {
          OAR_ASSIGN_OR_RETURN(out, static_cast<cuda::CudaContext*>(options_.cuda)->Empty(info.dtype, shape));
        } else {
          out = Tensor(info.dtype, shape, out.buffer());
        }
#endif
      } else {
        std::shared_ptr<Buffer> b = device_pool_.Acquire(nbytes);
        if (!b) return OutOfMemory("runtime: op '" + n.name + "': no device memory for " + std::to_string(nbytes) + " bytes");
        out = Tensor(info.dtype, shape, std::move(b));
      }
    } else if (is_graph_output_[static_cast<size_t>(v)] || schema->data_dependent_output) {
      if (!out.is_cpu()) out = Tensor();
      out.Resize(info.dtype, shape);  // own buffer, reused across runs
    } else {
      out = Tensor(info.dtype, shape, pool_.Acquire(nbytes));
    }
    ctx.outputs.push_back(&out);
  }
  // Output shapes can change while input shapes do not (Resize's OutSize *value*), so they
  // are part of what a kernel was prepared for.
  for (size_t o = 0; o < ctx.outputs.size() && !shapes_changed; ++o) {
    if (step.prepared_output_shapes[o] != ctx.outputs[o]->shape()) shapes_changed = true;
  }
  if (shapes_changed) {
    Status prepared = step.kernel->Prepare(ctx);
    if (!prepared.ok() && gpu && prepared.code() == ErrorCode::kUnsupported) {
      OAR_RETURN_IF_ERROR(FallBackToCpu(step, prepared.message()));
      return RunStep(step);
    }
    OAR_RETURN_IF_ERROR(prepared);
    step.prepared = true;
    step.prepared_shapes.clear();
    for (const Tensor* t : ctx.inputs) step.prepared_shapes.push_back(t ? t->shape() : Shape());
    step.prepared_output_shapes.clear();
    for (const Tensor* t : ctx.outputs) step.prepared_output_shapes.push_back(t->shape());
  }
  auto t0 = options_.profile ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
  OAR_RETURN_IF_ERROR(step.kernel->Run(ctx));
  if (options_.profile) {
    if (gpu) OAR_RETURN_IF_ERROR(SyncDevice());
    step.total_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ++step.runs;
  }
  for (ir::ValueId v : step.release_after) {
    Tensor& t = values_[static_cast<size_t>(v)];
    if (pool_.reuse()) {
      if (t.is_cpu()) {
        pool_.Release(t.buffer(), t.nbytes());
      } else {
        device_pool_.Release(t.buffer(), t.nbytes());
      }
      t = Tensor();
    }
  }
  return Status::OK();
}

std::vector<std::string> Executor::KernelChoices() const {
  std::vector<std::string> out;
  for (const Step& s : steps_) {
    out.push_back(graph_->node(s.node).name + ": " + (s.device == DeviceType::kCuda ? "cuda/" : "") + s.def->name);
  }
  return out;
}

std::vector<std::string> Executor::CpuFallbacks() const {
  std::vector<std::string> out;
  if (options_.device != DeviceType::kCuda) return out;
  for (const Step& s : steps_) {
    if (s.device == DeviceType::kCuda) continue;
    const ir::Node& n = graph_->node(s.node);
    out.push_back(n.name + " (" + ir::OpKindName(n.kind) + "): " + s.fallback_reason +
                  "; runs on the CPU with copies");
  }
  return out;
}

std::vector<NodeTime> Executor::NodeTimes() const {
  std::vector<NodeTime> out;
  for (const Step& s : steps_) {
    const ir::Node& n = graph_->node(s.node);
    out.push_back(NodeTime{n.name, ir::OpKindName(n.kind), s.def->name, s.total_ms, s.runs});
  }
  return out;
}

}  // namespace oar::runtime
