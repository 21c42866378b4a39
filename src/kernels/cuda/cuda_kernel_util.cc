#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

StatusOr<CudaContext*> GetContext(const runtime::KernelContext& ctx) {
  if (!ctx.cuda) return Internal("cuda kernels: " + ctx.Where() + "runs without a CUDA context");
  return static_cast<CudaContext*>(ctx.cuda);
}

Status CheckOnDevice(const runtime::KernelContext& ctx) {
  for (size_t i = 0; i < ctx.inputs.size(); ++i) {
    const Tensor* t = ctx.inputs[i];
    if (t && t->nbytes() && !t->device().is_cuda()) {
      return Internal("cuda kernels: " + ctx.Where() + "input " + std::to_string(i) + " is a " +
                      t->device().ToString() + " tensor " + t->Describe() + ", expected a CUDA tensor");
    }
  }
  for (size_t i = 0; i < ctx.outputs.size(); ++i) {
    const Tensor* t = ctx.outputs[i];
    if (t->nbytes() && !t->device().is_cuda()) {
      return Internal("cuda kernels: " + ctx.Where() + "output " + std::to_string(i) + " is a " +
                      t->device().ToString() + " tensor " + t->Describe() + ", expected a CUDA tensor");
    }
  }
  return Status::OK();
}

void RegisterCudaKernel(runtime::KernelRegistry& registry, ir::OpKind kind, DType dtype, const std::string& name,
                        runtime::KernelFactory factory, bool (*accepts)(const ir::Node&, const std::vector<DType>&),
                        int priority, runtime::KernelDef::Layout layout) {
  runtime::KernelDef def;
  def.kind = kind;
  def.device = runtime::DeviceType::kCuda;
  def.dtype = dtype;
  def.priority = priority;
  def.name = name;
  def.factory = factory;
  def.accepts = accepts;
  def.layout = layout;
  registry.Register(def);
}

void RegisterCudaFloatKernel(runtime::KernelRegistry& registry, ir::OpKind kind, const std::string& name,
                             runtime::KernelFactory factory,
                             bool (*accepts)(const ir::Node&, const std::vector<DType>&), int priority,
                             runtime::KernelDef::Layout layout) {
  RegisterCudaKernel(registry, kind, DType::kFloat32, name, factory, accepts, priority, layout);
  RegisterCudaKernel(registry, kind, DType::kFloat16, name, factory, accepts, priority, layout);
}

}  // namespace oar::kernels::cuda
