#include <cstring>

#include "api/predictor_impl.h"
#include "core/logging.h"
#include "core/version.h"
#include "frontends/paddle/paddle_loader.h"
#include "api/engine_setup.h"
#include "api/graph_optimizer.h"
#ifdef OAR_WITH_CUDA
#include "cuda/cuda_context.h"
#include "cuda/cuda_device.h"
#endif

namespace oar::infer {

void ThrowIfError(const Status& status) {
  if (status.ok()) return;
  throw Error(static_cast<ErrorCode>(static_cast<int>(status.code())), status.message());
}

DType ToCoreDType(DataType t) {
  switch (t) {
    case DataType::FLOAT32: return DType::kFloat32;
    case DataType::FLOAT16: return DType::kFloat16;
    case DataType::BFLOAT16: return DType::kBFloat16;
    case DataType::FLOAT64: return DType::kFloat64;
    case DataType::INT8: return DType::kInt8;
    case DataType::UINT8: return DType::kUInt8;
    case DataType::INT32: return DType::kInt32;
    case DataType::INT64: return DType::kInt64;
    case DataType::BOOL: return DType::kBool;
  }
  return DType::kUndefined;
}

DataType FromCoreDType(DType t) {
  switch (t) {
    case DType::kFloat16: return DataType::FLOAT16;
    case DType::kBFloat16: return DataType::BFLOAT16;
    case DType::kFloat64: return DataType::FLOAT64;
    case DType::kInt8: return DataType::INT8;
    case DType::kUInt8: return DataType::UINT8;
    case DType::kInt32: return DataType::INT32;
    case DType::kInt64: return DataType::INT64;
    case DType::kBool: return DataType::BOOL;
    default: return DataType::FLOAT32;
  }
}

int SizeOf(DataType t) { return static_cast<int>(DTypeSize(ToCoreDType(t))); }

const char* DataTypeName(DataType t) {
  switch (t) {
    case DataType::FLOAT32: return "float32";
    case DataType::FLOAT16: return "float16";
    case DataType::BFLOAT16: return "bfloat16";
    case DataType::FLOAT64: return "float64";
    case DataType::INT8: return "int8";
    case DataType::UINT8: return "uint8";
    case DataType::INT32: return "int32";
    case DataType::INT64: return "int64";
    case DataType::BOOL: return "bool";
  }
  return "unknown";
}

std::string GetVersion() {
#ifdef OAR_WITH_CUDA
  const std::string gpu = cuda::DeviceCount() > 0 ? std::to_string(cuda::DeviceCount()) + " GPU(s)" : "no GPU";
  return std::string(OAR_VERSION_STRING) + " (onednn=" + OAR_HAVE_ONEDNN_BUILD + ", cuda backend=ON, " + gpu + ")";
#else
  return std::string(OAR_VERSION_STRING) + " (onednn=" + OAR_HAVE_ONEDNN_BUILD + ", cuda backend=OFF)";
#endif
}

// ---------------------------------------------------------------------------------------------
// PredictorImpl

std::unique_ptr<PredictorImpl> PredictorImpl::Create(const Config& config) {
  std::unique_ptr<PredictorImpl> p(new PredictorImpl());
  p->config_ = config;
  std::string path = config.model_dir();
  frontends::paddle::LoadOptions options;
  if (path.empty()) {
    path = config.prog_file();
    options.params_path = config.params_file();
  }
  if (path.empty()) {
    ThrowIfError(InvalidArgument("config: no model given (use Config(model_dir) or Config(prog_file, params_file))"));
  }
  p->InitDevice();
  auto graph = frontends::paddle::LoadModel(path, options);
  ThrowIfError(graph.status());
  if (config.ir_optim()) ThrowIfError(OptimizeGraph(graph.value(), config.ir_dump_after()));
  ThrowIfError(PrepareEngines(graph.value(), config, p->cuda_ != nullptr));
  p->graph_ = std::make_shared<const ir::Graph>(std::move(graph).value());
  p->Init();
  return p;
}

void PredictorImpl::InitDevice() {
  if (!config_.use_gpu()) return;
#ifdef OAR_WITH_CUDA
  if (cuda::DeviceCount() == 0) {
    WarnOnce("no-gpu", "config: EnableUseGpu was asked for, but " + cuda::NoDeviceReason() + "; running on the CPU");
    return;
  }
  auto ctx = cuda::CudaContext::Create(config_.gpu_device_id(), static_cast<cudaStream_t>(config_.exec_stream()));
  ThrowIfError(ctx.status().WithPrefix("config: EnableUseGpu(device " + std::to_string(config_.gpu_device_id()) + "): "));
  cuda_ = std::shared_ptr<void>(ctx.value().release(), [](void* c) { delete static_cast<cuda::CudaContext*>(c); });
#else
  WarnOnce("no-gpu", "config: EnableUseGpu was asked for, but this oar build has no CUDA backend; running on the CPU");
#endif
}

std::unique_ptr<PredictorImpl> PredictorImpl::Clone() const {
  std::unique_ptr<PredictorImpl> p(new PredictorImpl());
  p->config_ = config_;
  p->InitDevice();  // each clone has its own stream and handles
  p->graph_ = graph_;
  p->Init();
  return p;
}

void PredictorImpl::Init() {
  // Collection continues from an existing file (earlier processes' observations).
  if (!config_.shape_range_collect_file().empty()) {
    auto previous = ReadShapeRangeFile(config_.shape_range_collect_file());
    if (previous.ok()) {
      for (const auto& [name, r] : previous.value()) {
        for (const auto& [shape, count] : r.seen) shape_ranges_.Observe(name, shape, count);
      }
    }
  }
  runtime::ExecutorOptions options;
  options.num_threads = config_.cpu_math_library_num_threads();
  options.memory_optim = config_.enable_memory_optim();
  options.profile = config_.profile_enabled();
  if (cuda_) {
    options.device = runtime::DeviceType::kCuda;
    options.cuda = cuda_.get();
  }
  auto ex = runtime::Executor::Create(graph_, options);
  ThrowIfError(ex.status());
  executor_ = std::move(ex).value();
  for (ir::ValueId v : graph_->inputs()) input_names_.push_back(graph_->value(v).name);
  for (ir::ValueId v : graph_->outputs()) output_names_.push_back(graph_->value(v).name);
  inputs_.assign(input_names_.size(), oar::Tensor());
  pinned_.assign(input_names_.size(), nullptr);
  pending_shapes_.assign(input_names_.size(), std::nullopt);
}

int PredictorImpl::InputIndex(const std::string& name) const {
  for (size_t i = 0; i < input_names_.size(); ++i) {
    if (input_names_[i] == name) return static_cast<int>(i);
  }
  std::string known;
  for (const auto& n : input_names_) known += (known.empty() ? "'" : ", '") + n + "'";
  ThrowIfError(NotFound("predictor: no input named '" + name + "'; inputs are " + known));
  return -1;
}

int PredictorImpl::OutputIndex(const std::string& name) const {
  for (size_t i = 0; i < output_names_.size(); ++i) {
    if (output_names_[i] == name) return static_cast<int>(i);
  }
  std::string known;
  for (const auto& n : output_names_) known += (known.empty() ? "'" : ", '") + n + "'";
  ThrowIfError(NotFound("predictor: no output named '" + name + "'; outputs are " + known));
  return -1;
}

namespace {
// "[1,-3,224]": unlike Shape::ToString, negative dims are printed as given.
std::string DimsText(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
  return s + "]";
}
}  // namespace

void PredictorImpl::SetInputShape(int index, const std::vector<int64_t>& shape) {
  for (int64_t d : shape) {
    if (d < 0) {
      ThrowIfError(InvalidArgument("predictor: input '" + input_names_[static_cast<size_t>(index)] +
                                   "': Reshape needs non-negative dims, got " + DimsText(shape)));
    }
  }
  pending_shapes_[static_cast<size_t>(index)] = shape;
}

std::vector<int64_t> PredictorImpl::InputShape(int index) const {
  const auto& pending = pending_shapes_[static_cast<size_t>(index)];
  if (pending) return *pending;
  return inputs_[static_cast<size_t>(index)].shape().dims();
}

DType PredictorImpl::InputDType(int index) const {
  return graph_->value(graph_->inputs()[static_cast<size_t>(index)]).dtype;
}

void PredictorImpl::SetInputData(int index, DType dtype, const void* data, const std::vector<int64_t>* shape) {
  const std::string& name = input_names_[static_cast<size_t>(index)];
  const oar::Tensor& current = inputs_[static_cast<size_t>(index)];
  if (!shape && !pending_shapes_[static_cast<size_t>(index)] && !current.defined()) {
    ThrowIfError(InvalidArgument("predictor: input '" + name + "': call Reshape() before CopyFromCpu()"));
  }
  std::vector<int64_t> dims = shape ? *shape : InputShape(index);
  DType expected = InputDType(index);
  if (dtype != expected) {
    ThrowIfError(InvalidArgument("predictor: input '" + name + "': expected dtype " + DTypeName(expected) +
                                 ", got " + DTypeName(dtype)));
  }
  oar::Tensor t;
#ifdef OAR_WITH_CUDA
  if (cuda_) {
    // Page-locked staging, kept per input while it is large enough: the upload runs at bus speed.
    std::shared_ptr<Buffer>& pin = pinned_[static_cast<size_t>(index)];
    const size_t need = static_cast<size_t>(Shape(dims).NumElements()) * DTypeSize(dtype);
    if (!pin || pin->size() < need) pin = cuda::AllocatePinned(need);
    t = oar::Tensor(dtype, Shape(dims), pin);
  }
#endif
  if (!t.defined()) t = oar::Tensor(dtype, Shape(dims));
  if (t.nbytes()) std::memcpy(t.raw_data(), data, t.nbytes());
  inputs_[static_cast<size_t>(index)] = std::move(t);
  pending_shapes_[static_cast<size_t>(index)].reset();
}

void PredictorImpl::ShareInput(int index, DType dtype, const void* data, const std::vector<int64_t>& shape,
                               bool on_device) {
  const std::string& name = input_names_[static_cast<size_t>(index)];
  DType expected = InputDType(index);
  if (dtype != expected) {
    ThrowIfError(InvalidArgument("predictor: input '" + name + "': expected dtype " + DTypeName(expected) +
                                 ", got " + DTypeName(dtype)));
  }
  for (int64_t d : shape) {
    if (d < 0) ThrowIfError(InvalidArgument("predictor: input '" + name + "': ShareExternalData needs non-negative dims"));
  }
  if (on_device && !cuda_) {
    ThrowIfError(InvalidArgument("predictor: input '" + name +
                                 "': ShareExternalData with GPU memory needs a GPU predictor (EnableUseGpu)"));
  }
  Shape s(shape);
  const size_t nbytes = static_cast<size_t>(s.NumElements()) * DTypeSize(dtype);
  int device = on_device ? config_.gpu_device_id() : 0;
  auto buffer = std::make_shared<Buffer>(const_cast<void*>(data), nbytes,
                                         on_device ? Device::Cuda(device) : Device::Cpu(), nullptr);
  inputs_[static_cast<size_t>(index)] = oar::Tensor(dtype, s, std::move(buffer));
  pending_shapes_[static_cast<size_t>(index)].reset();
}

const oar::Tensor& PredictorImpl::OutputTensor(int index) const {
  if (!ran_) {
    ThrowIfError(InvalidArgument("predictor: output '" + output_names_[static_cast<size_t>(index)] +
                                 "' is not available before a successful Run()"));
  }
  return outputs_[static_cast<size_t>(index)];
}

void PredictorImpl::Run() {
  ran_ = false;
  for (size_t i = 0; i < inputs_.size(); ++i) {
    const auto& pending = pending_shapes_[i];
    if (pending && (!inputs_[i].defined() || *pending != inputs_[i].shape().dims())) {
      ThrowIfError(InvalidArgument("predictor: input '" + input_names_[i] + "': Reshape(" + Shape(*pending).ToString() +
                                   ") was not followed by CopyFromCpu(); the input holds " +
                                   (inputs_[i].defined() ? inputs_[i].Describe() : std::string("no data"))));
    }
  }
  // Drop the last outputs first so the executor can reuse their buffers (no allocation per run).
  outputs_.clear();
  ThrowIfError(executor_->Run(inputs_, &outputs_));
#ifdef OAR_WITH_CUDA
  // Run returns when the device work is done (inputs may be overwritten, outputs read).
  if (cuda_) ThrowIfError(static_cast<cuda::CudaContext*>(cuda_.get())->Synchronize().WithPrefix("predictor: run: "));
#endif
  ran_ = true;
  if (!config_.shape_range_collect_file().empty()) {
    for (size_t i = 0; i < inputs_.size(); ++i) shape_ranges_.Observe(input_names_[i], inputs_[i].shape().dims());
    ThrowIfError(WriteShapeRangeFile(config_.shape_range_collect_file(), shape_ranges_.Ranges()));
  }
}

void PredictorImpl::CopyOutput(int index, void* data) const {
  const oar::Tensor& t = OutputTensor(index);
  if (!t.nbytes()) return;
  if (t.is_cpu()) {
    std::memcpy(data, t.raw_data(), t.nbytes());
    return;
  }
#ifdef OAR_WITH_CUDA
  auto* ctx = static_cast<cuda::CudaContext*>(cuda_.get());
  oar::Tensor host(t.dtype(), t.shape(), std::make_shared<Buffer>(data, t.nbytes()));
  ThrowIfError(cuda::CopyTensor(t, &host, ctx->stream(), "output '" + output_names_[static_cast<size_t>(index)] + "'"));
  ThrowIfError(ctx->Synchronize());
#endif
}

// ---------------------------------------------------------------------------------------------
// Public classes

Predictor::Predictor(std::unique_ptr<PredictorImpl> impl) : impl_(std::move(impl)) {}
Predictor::~Predictor() = default;

std::vector<std::string> Predictor::GetInputNames() const { return impl_->input_names(); }
std::vector<std::string> Predictor::GetOutputNames() const { return impl_->output_names(); }

namespace {
std::vector<IOSpec> Specs(const ir::Graph& g, const std::vector<ir::ValueId>& ids) {
  std::vector<IOSpec> out;
  for (ir::ValueId v : ids) {
    const ir::Value& val = g.value(v);
    out.push_back(IOSpec{val.name, FromCoreDType(val.dtype), val.shape.dims()});
  }
  return out;
}
}  // namespace

std::vector<IOSpec> Predictor::GetInputSpecs() const {
  return Specs(impl_->executor().graph(), impl_->executor().graph().inputs());
}
std::vector<IOSpec> Predictor::GetOutputSpecs() const {
  return Specs(impl_->executor().graph(), impl_->executor().graph().outputs());
}

std::unique_ptr<Tensor> Predictor::GetInputHandle(const std::string& name) {
  int i = impl_->InputIndex(name);
  return std::make_unique<Tensor>(impl_.get(), name, i, true);
}

std::unique_ptr<Tensor> Predictor::GetOutputHandle(const std::string& name) {
  int i = impl_->OutputIndex(name);
  return std::make_unique<Tensor>(impl_.get(), name, i, false);
}

bool Predictor::Run() {
  impl_->Run();
  return true;
}

std::unique_ptr<Predictor> Predictor::Clone() { return std::make_unique<Predictor>(impl_->Clone()); }

size_t Predictor::ActivationPoolBytes() const { return impl_->executor().memory_stats().pool_bytes; }
size_t Predictor::PeakActivationBytes() const { return impl_->executor().memory_stats().peak_live_bytes; }
std::vector<std::string> Predictor::KernelChoices() const { return impl_->executor().KernelChoices(); }
std::vector<std::string> Predictor::CpuFallbacks() const { return impl_->executor().CpuFallbacks(); }
bool Predictor::OnGpu() const { return impl_->on_gpu(); }

std::vector<OpTiming> Predictor::GetOpTimings() const {
  std::vector<OpTiming> out;
  if (!impl_->executor().options().profile) return out;
  for (const auto& t : impl_->executor().NodeTimes()) out.push_back(OpTiming{t.node, t.kind, t.kernel, t.total_ms, t.runs});
  return out;
}

std::unique_ptr<Predictor> CreateUniquePredictor(const Config& config) {
  return std::make_unique<Predictor>(PredictorImpl::Create(config));
}

std::shared_ptr<Predictor> CreatePredictor(const Config& config) {
  return std::make_shared<Predictor>(PredictorImpl::Create(config));
}

}  // namespace oar::infer
