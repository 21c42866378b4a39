// Shared plumbing of the CUDA kernels (kernels/cuda): the context a kernel runs with, dtype
// dispatch over float / half, launch sizes, and registration. Each op's kernel lives in its own
// file and registers itself through a Register<Op>Kernels(registry) function listed in
// register_groups.h.
//
// Contract (runtime/kernel.h): inputs and outputs are device tensors on ctx.cuda's device
// (outputs already sized), all work is enqueued on the context's stream, nothing is allocated
// in Run (scratch comes from CudaContext::Workspace sized in Prepare), every CUDA/library call
// is checked and its error names the op (ctx.Where()).
#pragma once

#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "cuda/cuda_context.h"
#include "cuda/cuda_status.h"
#include "runtime/kernel.h"

namespace oar::kernels::cuda {

using oar::cuda::CudaContext;

/// The caller's CudaContext, or kInternal naming the op when it has none.
StatusOr<CudaContext*> GetContext(const runtime::KernelContext& ctx);

/// Checks that every present input and every output is a device tensor; names the first that
/// is not ("op 'x' (relu): input 0 is a cpu tensor f32[2,3], expected a CUDA tensor").
Status CheckOnDevice(const runtime::KernelContext& ctx);

/// Floating dtypes the CUDA kernels compute in: f32 and f16 (f16 math in f32 registers).
inline bool IsCudaFloat(DType t) { return t == DType::kFloat32 || t == DType::kFloat16; }

/// Blocks for n threads at `block` threads each, capped for grid-stride loops.
inline unsigned GridFor(int64_t n, int block = 256) {
  int64_t g = (n + block - 1) / block;
  if (g < 1) g = 1;
  if (g > 65535LL * 32) g = 65535LL * 32;
  return static_cast<unsigned>(g);
}

/// Registers `factory` for (kind, kCuda, dtype) under `name` with `priority`. `layout`: see
/// runtime::KernelDef::Layout (pointwise kernels on equal shapes are kAgnostic; the engine then
/// keeps channels-last activations through them).
void RegisterCudaKernel(runtime::KernelRegistry& registry, ir::OpKind kind, DType dtype, const std::string& name,
                        runtime::KernelFactory factory,
                        bool (*accepts)(const ir::Node&, const std::vector<DType>&) = nullptr, int priority = 10,
                        runtime::KernelDef::Layout layout = runtime::KernelDef::Layout::kPlain);

/// Registers the same factory for f32 and f16 inputs.
void RegisterCudaFloatKernel(runtime::KernelRegistry& registry, ir::OpKind kind, const std::string& name,
                             runtime::KernelFactory factory,
                             bool (*accepts)(const ir::Node&, const std::vector<DType>&) = nullptr, int priority = 10,
                        runtime::KernelDef::Layout layout = runtime::KernelDef::Layout::kPlain);

}  // namespace oar::kernels::cuda

#ifdef __CUDACC__
namespace oar::kernels::cuda {
// Loads/stores in f32 registers whatever the storage type.
__device__ __forceinline__ float LoadF(const float* p, int64_t i) { return p[i]; }
__device__ __forceinline__ float LoadF(const __half* p, int64_t i) { return __half2float(p[i]); }
__device__ __forceinline__ void StoreF(float* p, int64_t i, float v) { p[i] = v; }
__device__ __forceinline__ void StoreF(__half* p, int64_t i, float v) { p[i] = __float2half(v); }
}  // namespace oar::kernels::cuda
#endif
