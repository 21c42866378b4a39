// The math group of the CUDA kernels: pointwise (unary, scale, binary, sum, cast), normalisation
// (batch_norm, layer_norm, softmax, lrn) and reductions (reduce, arg_max). Each family registers
// itself from its own file; this one calls them and holds their shared host helpers.
#include "kernels/cuda/math_kernels.h"
#include "kernels/cuda/register_groups.h"

namespace oar::kernels::cuda {

void RegisterCudaPointwiseKernel(runtime::KernelRegistry& registry, ir::OpKind kind, DType dtype,
                                 const std::string& name, runtime::KernelFactory factory,
                                 bool (*accepts)(const ir::Node&, const std::vector<DType>&)) {
  runtime::KernelDef def;
  def.kind = kind;
  def.device = runtime::DeviceType::kCuda;
  def.dtype = dtype;
  def.priority = 10;
  def.name = name;
  def.factory = factory;
  def.accepts = accepts;
  def.layout = runtime::KernelDef::Layout::kAgnostic;
  registry.Register(def);
}

bool AcceptsFloatInputs(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  (void)node;
  if (input_dtypes.empty() || !IsCudaFloat(input_dtypes[0])) return false;
  for (DType t : input_dtypes) {
    if (t != DType::kUndefined && t != input_dtypes[0]) return false;
  }
  return true;
}

Status CheckOutputLike(const runtime::KernelContext& ctx, DType dtype) {
  const Tensor& x = ctx.input(0);
  const Tensor& y = ctx.output(0);
  if (y.dtype() != dtype || y.numel() != x.numel()) {
    return Internal("cuda kernels: " + ctx.Where() + "output #0 " + y.Describe() + " does not match input #0 " +
                    x.Describe() + " (expected " + DTypeName(dtype) + " with " + std::to_string(x.numel()) +
                    " elements)");
  }
  return Status::OK();
}

void RegisterMathKernels(runtime::KernelRegistry& registry) {
  RegisterUnaryKernels(registry);
  RegisterScaleKernels(registry);
  RegisterBinaryKernels(registry);
  RegisterSumKernels(registry);
  RegisterCastKernels(registry);
  RegisterBatchNormKernels(registry);
  RegisterSoftmaxKernels(registry);
  RegisterLayerNormKernels(registry);
  RegisterLrnKernels(registry);
  RegisterReduceKernels(registry);
  RegisterArgMaxKernels(registry);
}

}  // namespace oar::kernels::cuda
