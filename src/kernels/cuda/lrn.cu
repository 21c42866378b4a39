// LRN kernel (lrn.h): one thread per output element sums the squares of its channel window in
// channel order, as the CPU kernel does, then applies pow. Adjacent threads read adjacent pixels.
#include "kernels/cuda/lrn.h"
#include "kernels/cuda/math_util.cuh"

namespace oar::kernels::cuda {

namespace {

struct LrnArgs {
  int64_t total, channels, hw, size, pre;
  float alpha_over_size, beta, k;
};

template <typename T>
__global__ void LrnKernel(const T* x, T* y, LrnArgs a) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < a.total; i += stride) {
    const int64_t plane = i / a.hw;  // n * C + c
    const int64_t pixel = i - plane * a.hw;
    const int64_t c = plane % a.channels;
    const int64_t image = plane - c;  // n * C
    const int64_t c0 = c - a.pre > 0 ? c - a.pre : 0;
    const int64_t c1 = c - a.pre + a.size < a.channels ? c - a.pre + a.size : a.channels;  // exclusive
    float sq = 0.0f;
    for (int64_t cc = c0; cc < c1; ++cc) {
      const float v = Elem<T>::To(x[(image + cc) * a.hw + pixel]);
      sq = __fadd_rn(sq, __fmul_rn(v, v));
    }
    const float base = __fadd_rn(a.k, __fmul_rn(a.alpha_over_size, sq));
    y[i] = Elem<T>::From(Elem<T>::To(x[i]) * powf(base, -a.beta));
  }
}

}  // namespace

Status LaunchLrn(cudaStream_t stream, DType dtype, const void* x, void* y, int64_t n, int64_t channels, int64_t hw,
                 int64_t size, float alpha, float beta, float k, const std::string& where) {
  const std::string what = where + "lrn kernel";
  const LrnArgs a{n * channels * hw, channels, hw, size, (size - 1) / 2, alpha / static_cast<float>(size), beta, k};
  if (a.total <= 0) return Status::OK();
  const unsigned grid = GridFor(a.total, kMapBlock);
  switch (dtype) {
    case DType::kFloat32:
      LrnKernel<float><<<grid, kMapBlock, 0, stream>>>(static_cast<const float*>(x), static_cast<float*>(y), a);
      break;
    case DType::kFloat16:
      LrnKernel<__half><<<grid, kMapBlock, 0, stream>>>(static_cast<const __half*>(x), static_cast<__half*>(y), a);
      break;
    default:
      return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
  }
  return oar::cuda::LastLaunchError(what);
}

}  // namespace oar::kernels::cuda
