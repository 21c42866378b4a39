// Softmax kernels (softmax.h). Each reads its row (or column) three times: maximum, sum of
// exponentials, output; the second and third reads mostly hit the L1/L2 caches.
#include <cmath>

#include "kernels/cuda/block_reduce.cuh"
#include "kernels/cuda/math_util.cuh"
#include "kernels/cuda/softmax.h"

namespace oar::kernels::cuda {

namespace {

constexpr int kWarpRowsBlock = 256;  // 8 rows per block in the warp-per-row kernel
constexpr int kRowBlock = 512;       // threads per row in the block-per-row kernel
constexpr int64_t kWarpRowMax = 1024;

/// One warp per contiguous row of n elements.
template <typename T>
__global__ void SoftmaxWarpRows(const T* x, T* y, int64_t outer, int64_t n) {
  const int lane = threadIdx.x & 31;
  const int64_t warps_per_block = blockDim.x >> 5;
  const int64_t first = static_cast<int64_t>(blockIdx.x) * warps_per_block + (threadIdx.x >> 5);
  for (int64_t row = first; row < outer; row += static_cast<int64_t>(gridDim.x) * warps_per_block) {
    const T* xr = x + row * n;
    T* yr = y + row * n;
    float m = -INFINITY;
    for (int64_t j = lane; j < n; j += 32) m = fmaxf(m, Elem<T>::To(xr[j]));
    m = WarpAllReduce(m, MaxOp{});
    float s = 0.0f;
    for (int64_t j = lane; j < n; j += 32) s += expf(Elem<T>::To(xr[j]) - m);
    s = WarpAllReduce(s, SumOp{});
    const float inv = 1.0f / s;
    for (int64_t j = lane; j < n; j += 32) yr[j] = Elem<T>::From(expf(Elem<T>::To(xr[j]) - m) * inv);
  }
}

/// One block per contiguous row of n elements.
template <typename T>
__global__ void SoftmaxBlockRows(const T* x, T* y, int64_t outer, int64_t n) {
  for (int64_t row = blockIdx.x; row < outer; row += gridDim.x) {
    const T* xr = x + row * n;
    T* yr = y + row * n;
    float m = -INFINITY;
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) m = fmaxf(m, Elem<T>::To(xr[j]));
    m = BlockAllReduce(m, MaxOp{}, -INFINITY);
    float s = 0.0f;
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) s += expf(Elem<T>::To(xr[j]) - m);
    s = BlockAllReduce(s, SumOp{}, 0.0f);
    const float inv = 1.0f / s;
    for (int64_t j = threadIdx.x; j < n; j += blockDim.x) yr[j] = Elem<T>::From(expf(Elem<T>::To(xr[j]) - m) * inv);
  }
}

/// One thread per (outer, inner) column; adjacent threads read adjacent inner positions.
template <typename T>
__global__ void SoftmaxColumns(const T* x, T* y, int64_t outer, int64_t n, int64_t inner) {
  const int64_t columns = outer * inner;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t col = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; col < columns; col += stride) {
    const int64_t base = (col / inner) * n * inner + col % inner;
    const T* xc = x + base;
    T* yc = y + base;
    float m = -INFINITY;
    for (int64_t r = 0; r < n; ++r) m = fmaxf(m, Elem<T>::To(xc[r * inner]));
    float s = 0.0f;
    for (int64_t r = 0; r < n; ++r) s += expf(Elem<T>::To(xc[r * inner]) - m);
    const float inv = 1.0f / s;
    for (int64_t r = 0; r < n; ++r) yc[r * inner] = Elem<T>::From(expf(Elem<T>::To(xc[r * inner]) - m) * inv);
  }
}

template <typename T>
void LaunchTyped(cudaStream_t stream, const void* xv, void* yv, int64_t outer, int64_t n, int64_t inner) {
  const T* x = static_cast<const T*>(xv);
  T* y = static_cast<T*>(yv);
  if (inner > 1) {
    SoftmaxColumns<T><<<GridFor(outer * inner, kMapBlock), kMapBlock, 0, stream>>>(x, y, outer, n, inner);
  } else if (n <= kWarpRowMax) {
    const int64_t rows_per_block = kWarpRowsBlock / 32;
    SoftmaxWarpRows<T><<<GridFor(outer, static_cast<int>(rows_per_block)), kWarpRowsBlock, 0, stream>>>(x, y, outer, n);
  } else {
    SoftmaxBlockRows<T><<<GridFor(outer, 1), kRowBlock, 0, stream>>>(x, y, outer, n);
  }
}

}  // namespace

Status LaunchSoftmax(cudaStream_t stream, DType dtype, const void* x, void* y, int64_t outer, int64_t n, int64_t inner,
                     const std::string& where) {
  const std::string what = where + "softmax kernel";
  if (outer * n * inner <= 0) return Status::OK();
  switch (dtype) {
    case DType::kFloat32:
      LaunchTyped<float>(stream, x, y, outer, n, inner);
      break;
    case DType::kFloat16:
      LaunchTyped<__half>(stream, x, y, outer, n, inner);
      break;
    default:
      return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
  }
  return oar::cuda::LastLaunchError(what);
}

}  // namespace oar::kernels::cuda
