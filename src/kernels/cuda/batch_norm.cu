// BatchNorm kernel (batch_norm.h). Each thread folds its channel's statistics itself (four cached
// loads, a sqrt and a division) instead of reading a folded table, so Run needs no scratch. With
// inner a multiple of the pack width a 16-byte pack shares one channel and is folded once.
#include "kernels/cuda/batch_norm.h"
#include "kernels/cuda/math_util.cuh"

namespace oar::kernels::cuda {

namespace {

template <typename T>
struct BnParams {
  const T* scale;
  const T* bias;
  const T* mean;
  const T* var;
  float eps;
};

template <typename T, typename Index, int N>
__global__ void BatchNormKernel(const T* x, T* y, Index total, Index channels, Index inner, BnParams<T> p) {
  const Index stride = static_cast<Index>(gridDim.x) * blockDim.x;
  const Index packs = total / N;
  for (Index q = static_cast<Index>(blockIdx.x) * blockDim.x + threadIdx.x; q < packs; q += stride) {
    const Index c = (q * N / inner) % channels;
    const float a = Elem<T>::To(p.scale[c]) / sqrtf(__fadd_rn(Elem<T>::To(p.var[c]), p.eps));
    const float b = __fsub_rn(Elem<T>::To(p.bias[c]), __fmul_rn(Elem<T>::To(p.mean[c]), a));
    Pack<T, N> v = reinterpret_cast<const Pack<T, N>*>(x)[q];
#pragma unroll
    for (int k = 0; k < N; ++k) v.v[k] = Elem<T>::From(__fadd_rn(__fmul_rn(Elem<T>::To(v.v[k]), a), b));
    reinterpret_cast<Pack<T, N>*>(y)[q] = v;
  }
}

template <typename T, typename Index>
Status Launch(cudaStream_t stream, const void* x, void* y, int64_t total, int64_t channels, int64_t inner,
              const BnParams<T>& p, const std::string& what) {
  constexpr int kN = VecWidth<T>();
  const T* xt = static_cast<const T*>(x);
  T* yt = static_cast<T*>(y);
  if (inner % kN == 0 && Aligned16(x) && Aligned16(y)) {
    BatchNormKernel<T, Index, kN><<<GridFor(total / kN, kMapBlock), kMapBlock, 0, stream>>>(
        xt, yt, static_cast<Index>(total), static_cast<Index>(channels), static_cast<Index>(inner), p);
  } else {
    BatchNormKernel<T, Index, 1><<<GridFor(total, kMapBlock), kMapBlock, 0, stream>>>(
        xt, yt, static_cast<Index>(total), static_cast<Index>(channels), static_cast<Index>(inner), p);
  }
  return oar::cuda::LastLaunchError(what);
}

template <typename T>
Status LaunchTyped(cudaStream_t stream, const void* x, const void* scale, const void* bias, const void* mean,
                   const void* var, float eps, void* y, int64_t total, int64_t channels, int64_t inner,
                   const std::string& what) {
  const BnParams<T> p{static_cast<const T*>(scale), static_cast<const T*>(bias), static_cast<const T*>(mean),
                      static_cast<const T*>(var), eps};
  if (total < (int64_t{1} << 31)) return Launch<T, uint32_t>(stream, x, y, total, channels, inner, p, what);
  return Launch<T, uint64_t>(stream, x, y, total, channels, inner, p, what);
}

}  // namespace

Status LaunchBatchNorm(cudaStream_t stream, DType dtype, const void* x, const void* scale, const void* bias,
                       const void* mean, const void* var, float epsilon, void* y, int64_t outer, int64_t channels,
                       int64_t inner, const std::string& where) {
  const std::string what = where + "batch_norm kernel";
  const int64_t total = outer * channels * inner;
  if (total <= 0) return Status::OK();
  switch (dtype) {
    case DType::kFloat32:
      return LaunchTyped<float>(stream, x, scale, bias, mean, var, epsilon, y, total, channels, inner, what);
    case DType::kFloat16:
      return LaunchTyped<__half>(stream, x, scale, bias, mean, var, epsilon, y, total, channels, inner, what);
    default:
      return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
  }
}

}  // namespace oar::kernels::cuda
