// Device helpers shared by the pointwise, normalisation and reduction kernels (the math group of
// register_math.cc): the compute type of each storage type, 16-byte packs for vectorised
// loads/stores, and a vectorised grid-stride map over a contiguous tensor. Only .cu files include
// this header.
#pragma once

#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/status.h"
#include "cuda/cuda_status.h"
#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

/// Threads per block of the elementwise kernels.
constexpr int kMapBlock = 256;

/// Storage type T and the type it is computed in: f16 in f32 registers, every other type in itself.
template <typename T>
struct Elem {
  using C = T;
  static __device__ __forceinline__ C To(T v) { return v; }
  static __device__ __forceinline__ T From(C v) { return v; }
};
template <>
struct Elem<__half> {
  using C = float;
  static __device__ __forceinline__ float To(__half v) { return __half2float(v); }
  static __device__ __forceinline__ __half From(float v) { return __float2half(v); }
};

/// N elements of T moved as one aligned vector access (N * sizeof(T) = 16 bytes at most).
template <typename T, int N>
struct alignas(sizeof(T) * N) Pack {
  T v[N];
};

/// Elements of T per 16-byte pack.
template <typename T>
__host__ __device__ constexpr int VecWidth() {
  return static_cast<int>(16 / sizeof(T));
}

/// True when `p` may be accessed through 16-byte packs.
inline bool Aligned16(const void* p) { return (reinterpret_cast<uintptr_t>(p) & 15u) == 0; }

/// Hook run once per thread before a map's loop: functors that read device state (e.g. Scale's
/// ScaleTensor) overload it (found by argument-dependent lookup) to load it once.
template <typename Fn>
__device__ __forceinline__ Fn BindOp(const Fn& fn) {
  return fn;
}

/// y[i] = fn(x[i]) for i in [0, n); fn maps Elem<T>::C to Elem<T>::C. With N > 1, x and y must be
/// 16-byte aligned: packs [0, n / N) are vectorised, the tail runs element by element.
template <typename T, int N, typename Fn>
__global__ void MapKernel(const T* x, T* y, int64_t n, Fn fn) {
  const Fn op = BindOp(fn);
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  const int64_t t = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const int64_t packs = n / N;
  for (int64_t p = t; p < packs; p += stride) {
    Pack<T, N> v = reinterpret_cast<const Pack<T, N>*>(x)[p];
#pragma unroll
    for (int k = 0; k < N; ++k) v.v[k] = Elem<T>::From(op(Elem<T>::To(v.v[k])));
    reinterpret_cast<Pack<T, N>*>(y)[p] = v;
  }
  for (int64_t i = packs * N + t; i < n; i += stride) y[i] = Elem<T>::From(op(Elem<T>::To(x[i])));
}

/// Enqueues MapKernel on `stream`, vectorised when both pointers allow it. x may equal y.
template <typename T, typename Fn>
Status LaunchMap(cudaStream_t stream, const T* x, T* y, int64_t n, const Fn& fn, const std::string& what) {
  if (n <= 0) return Status::OK();
  constexpr int kN = VecWidth<T>();
  if (Aligned16(x) && Aligned16(y) && n >= kN) {
    MapKernel<T, kN, Fn><<<GridFor((n + kN - 1) / kN, kMapBlock), kMapBlock, 0, stream>>>(x, y, n, fn);
  } else {
    MapKernel<T, 1, Fn><<<GridFor(n, kMapBlock), kMapBlock, 0, stream>>>(x, y, n, fn);
  }
  return oar::cuda::LastLaunchError(what);
}

}  // namespace oar::kernels::cuda
