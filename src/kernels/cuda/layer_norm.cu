// LayerNorm kernels (layer_norm.h): a warp or a block per row; mean, then the sum of squared
// deviations from it (two passes: no cancellation), then the output pass.
#include "kernels/cuda/block_reduce.cuh"
#include "kernels/cuda/layer_norm.h"
#include "kernels/cuda/math_util.cuh"

namespace oar::kernels::cuda {

namespace {

constexpr int kWarpRowsBlock = 128;  // 4 rows per block in the warp-per-row kernel
constexpr int kRowBlock = 512;
constexpr int64_t kWarpRowMax = 1024;

template <typename T>
struct LnArgs {
  const T* x;
  const T* scale;
  const T* bias;
  T* y;
  int64_t rows, cols;
  float eps;
};

/// Normalises row `row` with `lanes` cooperating threads (index `lane` among them); Reduce(v, op,
/// identity) combines a value over those threads.
template <typename T, typename Reduce>
__device__ __forceinline__ void NormaliseRow(const LnArgs<T>& a, int64_t row, int lane, int lanes, Reduce reduce) {
  const T* xr = a.x + row * a.cols;
  T* yr = a.y + row * a.cols;
  float s = 0.0f;
  for (int64_t j = lane; j < a.cols; j += lanes) s += Elem<T>::To(xr[j]);
  const float mean = reduce(s, SumOp{}, 0.0f) / static_cast<float>(a.cols);
  float sq = 0.0f;
  for (int64_t j = lane; j < a.cols; j += lanes) {
    const float d = Elem<T>::To(xr[j]) - mean;
    sq += d * d;
  }
  const float var = reduce(sq, SumOp{}, 0.0f) / static_cast<float>(a.cols);
  const float inv = 1.0f / sqrtf(var + a.eps);
  for (int64_t j = lane; j < a.cols; j += lanes) {
    float v = (Elem<T>::To(xr[j]) - mean) * inv;
    if (a.scale) v *= Elem<T>::To(a.scale[j]);
    if (a.bias) v += Elem<T>::To(a.bias[j]);
    yr[j] = Elem<T>::From(v);
  }
}

struct WarpReducer {
  template <typename V, typename Op>
  __device__ __forceinline__ V operator()(V v, Op op, V) const {
    return WarpAllReduce(v, op);
  }
};

struct BlockReducer {
  template <typename V, typename Op>
  __device__ __forceinline__ V operator()(V v, Op op, V identity) const {
    return BlockAllReduce(v, op, identity);
  }
};

template <typename T>
__global__ void LayerNormWarpRows(LnArgs<T> a) {
  const int64_t warps_per_block = blockDim.x >> 5;
  const int64_t first = static_cast<int64_t>(blockIdx.x) * warps_per_block + (threadIdx.x >> 5);
  for (int64_t row = first; row < a.rows; row += static_cast<int64_t>(gridDim.x) * warps_per_block) {
    NormaliseRow(a, row, threadIdx.x & 31, 32, WarpReducer{});
  }
}

template <typename T>
__global__ void LayerNormBlockRows(LnArgs<T> a) {
  for (int64_t row = blockIdx.x; row < a.rows; row += gridDim.x) {
    NormaliseRow(a, row, threadIdx.x, blockDim.x, BlockReducer{});
  }
}

template <typename T>
void LaunchTyped(cudaStream_t stream, const void* x, const void* scale, const void* bias, float eps, void* y,
                 int64_t rows, int64_t cols) {
  const LnArgs<T> a{static_cast<const T*>(x), static_cast<const T*>(scale), static_cast<const T*>(bias),
                    static_cast<T*>(y), rows, cols, eps};
  if (cols <= kWarpRowMax) {
    LayerNormWarpRows<T><<<GridFor(rows, kWarpRowsBlock / 32), kWarpRowsBlock, 0, stream>>>(a);
  } else {
    LayerNormBlockRows<T><<<GridFor(rows, 1), kRowBlock, 0, stream>>>(a);
  }
}

}  // namespace

Status LaunchLayerNorm(cudaStream_t stream, DType dtype, const void* x, const void* scale, const void* bias,
                       float epsilon, void* y, int64_t rows, int64_t cols, const std::string& where) {
  const std::string what = where + "layer_norm kernel";
  if (rows <= 0 || cols <= 0) return Status::OK();
  switch (dtype) {
    case DType::kFloat32:
      LaunchTyped<float>(stream, x, scale, bias, epsilon, y, rows, cols);
      break;
    case DType::kFloat16:
      LaunchTyped<__half>(stream, x, scale, bias, epsilon, y, rows, cols);
      break;
    default:
      return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
  }
  return oar::cuda::LastLaunchError(what);
}

}  // namespace oar::kernels::cuda
