// Registration of the CUDA pointwise, normalisation and reduction kernels (the math group): one
// Register<Family>Kernels function per kernel file, all called by RegisterMathKernels
// (register_math.cc), plus the small host helpers those files share.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

void RegisterUnaryKernels(runtime::KernelRegistry& registry);      // unary.cc
void RegisterScaleKernels(runtime::KernelRegistry& registry);      // scale.cc
void RegisterBinaryKernels(runtime::KernelRegistry& registry);     // binary.cc
void RegisterSumKernels(runtime::KernelRegistry& registry);        // sum.cc
void RegisterCastKernels(runtime::KernelRegistry& registry);       // cast.cc
void RegisterBatchNormKernels(runtime::KernelRegistry& registry);  // batch_norm.cc
void RegisterSoftmaxKernels(runtime::KernelRegistry& registry);    // softmax.cc
void RegisterLayerNormKernels(runtime::KernelRegistry& registry);  // layer_norm.cc
void RegisterLrnKernels(runtime::KernelRegistry& registry);        // lrn.cc
void RegisterReduceKernels(runtime::KernelRegistry& registry);     // reduce.cc
void RegisterArgMaxKernels(runtime::KernelRegistry& registry);     // arg_max.cc

/// Registers a pointwise kernel (one output element per input element at the same position) for
/// input-0 dtype `dtype` (kUndefined = any) with KernelDef::Layout::kAgnostic: it gives the same
/// result whatever the memory layout its equal-shaped tensors share.
void RegisterCudaPointwiseKernel(runtime::KernelRegistry& registry, ir::OpKind kind, DType dtype,
                                 const std::string& name, runtime::KernelFactory factory,
                                 bool (*accepts)(const ir::Node&, const std::vector<DType>&) = nullptr);

/// True when every present input has dtype f32 or f16 and all of them agree.
bool AcceptsFloatInputs(const ir::Node& node, const std::vector<DType>& input_dtypes);

/// The node's attributes as A, or kInternal naming the op (the schema has checked them already).
template <typename A>
StatusOr<const A*> CudaAttrs(const runtime::KernelContext& ctx) {
  const A* a = std::get_if<A>(&ctx.node->attrs);
  if (!a) return Internal("cuda kernels: " + ctx.Where() + "unexpected attribute struct");
  return a;
}

/// kInternal naming the op unless output #0 has input #0's element count and `dtype`.
Status CheckOutputLike(const runtime::KernelContext& ctx, DType dtype);

}  // namespace oar::kernels::cuda
