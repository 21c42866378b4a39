// Reduction kernels (reduce.h). Max starts every partial result from the row's first element, so
// NaNs propagate as in the CPU kernel's sequential scan: a NaN first element wins, later NaNs are
// skipped. The column and general kernels scan sequentially in the CPU kernel's order.
#include <type_traits>

#include "kernels/cuda/block_reduce.cuh"
#include "kernels/cuda/math_util.cuh"
#include "kernels/cuda/reduce.h"

namespace oar::kernels::cuda {

namespace {

constexpr int kWarpRowsBlock = 256;
constexpr int kRowBlock = 512;
constexpr int64_t kSequentialMax = 16;  // rows up to this length: one thread per output
constexpr int64_t kWarpRowMax = 4096;   // rows up to this length: one warp per output

template <typename T, ReduceOp kOp>
struct Reducer {
  using A = typename Elem<T>::C;  // accumulator: f32 for floats, the integer type otherwise
  struct Combine {
    __device__ __forceinline__ A operator()(A acc, A v) const {
      if constexpr (kOp == ReduceOp::kMax) {
        return v > acc ? v : acc;
      } else {
        return acc + v;
      }
    }
  };
  /// Initial partial result of a row whose first element is `first`.
  static __device__ __forceinline__ A Init(A first) { return kOp == ReduceOp::kMax ? first : A(0); }
  static __device__ __forceinline__ T Finish(A acc, int64_t count) {
    if constexpr (kOp == ReduceOp::kMean) {
      if constexpr (std::is_integral_v<A>) {
        return static_cast<T>(acc / count);
      } else {
        return Elem<T>::From(acc * (1.0f / static_cast<float>(count)));
      }
    } else {
      return Elem<T>::From(acc);
    }
  }
};

/// One thread per output of the [outer, R, inner] view, scanning its column sequentially.
template <typename T, ReduceOp kOp>
__global__ void ReduceColumns(const T* x, T* y, int64_t outer, int64_t r_count, int64_t inner) {
  using R = Reducer<T, kOp>;
  const typename R::Combine combine;
  const int64_t total = outer * inner;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t o = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; o < total; o += stride) {
    const T* xc = x + (o / inner) * r_count * inner + o % inner;
    typename R::A acc = Elem<T>::To(xc[0]);
    for (int64_t r = 1; r < r_count; ++r) acc = combine(acc, Elem<T>::To(xc[r * inner]));
    y[o] = R::Finish(acc, r_count);
  }
}

/// One warp per contiguous row of r_count elements.
template <typename T, ReduceOp kOp>
__global__ void ReduceWarpRows(const T* x, T* y, int64_t outer, int64_t r_count) {
  using R = Reducer<T, kOp>;
  const typename R::Combine combine;
  const int lane = threadIdx.x & 31;
  const int64_t warps_per_block = blockDim.x >> 5;
  const int64_t first = static_cast<int64_t>(blockIdx.x) * warps_per_block + (threadIdx.x >> 5);
  for (int64_t row = first; row < outer; row += static_cast<int64_t>(gridDim.x) * warps_per_block) {
    const T* xr = x + row * r_count;
    typename R::A acc = R::Init(Elem<T>::To(xr[0]));
    for (int64_t j = lane; j < r_count; j += 32) acc = combine(acc, Elem<T>::To(xr[j]));
    acc = WarpAllReduce(acc, combine);
    if (lane == 0) y[row] = R::Finish(acc, r_count);
  }
}

/// One block per contiguous row of r_count elements.
template <typename T, ReduceOp kOp>
__global__ void ReduceBlockRows(const T* x, T* y, int64_t outer, int64_t r_count) {
  using R = Reducer<T, kOp>;
  const typename R::Combine combine;
  for (int64_t row = blockIdx.x; row < outer; row += gridDim.x) {
    const T* xr = x + row * r_count;
    const typename R::A init = R::Init(Elem<T>::To(xr[0]));
    typename R::A acc = init;
    for (int64_t j = threadIdx.x; j < r_count; j += blockDim.x) acc = combine(acc, Elem<T>::To(xr[j]));
    acc = BlockAllReduce(acc, combine, init);
    if (threadIdx.x == 0) y[row] = R::Finish(acc, r_count);
  }
}

struct GeneralGroups {
  int num_kept, num_reduced;
  int64_t kept_dims[kMaxReduceGroups], kept_strides[kMaxReduceGroups];
  int64_t red_dims[kMaxReduceGroups], red_strides[kMaxReduceGroups];
};

__device__ __forceinline__ int64_t Offset(int64_t index, int n, const int64_t* dims, const int64_t* strides) {
  int64_t off = 0;
  for (int g = n - 1; g >= 0; --g) {
    off += (index % dims[g]) * strides[g];
    index /= dims[g];
  }
  return off;
}

/// One thread per output; reduced positions in row-major order of the reduced groups.
template <typename T, ReduceOp kOp>
__global__ void ReduceGeneral(const T* x, T* y, int64_t out_count, int64_t r_count, GeneralGroups g) {
  using R = Reducer<T, kOp>;
  const typename R::Combine combine;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t o = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; o < out_count; o += stride) {
    const T* xo = x + Offset(o, g.num_kept, g.kept_dims, g.kept_strides);
    typename R::A acc = Elem<T>::To(xo[0]);
    for (int64_t r = 1; r < r_count; ++r) {
      acc = combine(acc, Elem<T>::To(xo[Offset(r, g.num_reduced, g.red_dims, g.red_strides)]));
    }
    y[o] = R::Finish(acc, r_count);
  }
}

template <typename T>
__global__ void FillKernel(T* y, int64_t n, float v) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    y[i] = Elem<T>::From(v);
  }
}

template <typename T, ReduceOp kOp>
void LaunchTyped(cudaStream_t stream, const ReduceGeometry& g, const void* xv, void* yv) {
  const T* x = static_cast<const T*>(xv);
  T* y = static_cast<T*>(yv);
  const int64_t r = g.reduce_count;
  if (g.general) {
    GeneralGroups groups{};
    groups.num_kept = g.num_kept;
    groups.num_reduced = g.num_reduced;
    for (int i = 0; i < kMaxReduceGroups; ++i) {
      groups.kept_dims[i] = g.kept_dims[i];
      groups.kept_strides[i] = g.kept_strides[i];
      groups.red_dims[i] = g.red_dims[i];
      groups.red_strides[i] = g.red_strides[i];
    }
    ReduceGeneral<T, kOp><<<GridFor(g.out_count, kMapBlock), kMapBlock, 0, stream>>>(x, y, g.out_count, r, groups);
  } else if (g.inner > 1 || r <= kSequentialMax) {
    ReduceColumns<T, kOp><<<GridFor(g.outer * g.inner, kMapBlock), kMapBlock, 0, stream>>>(x, y, g.outer, r, g.inner);
  } else if (r <= kWarpRowMax) {
    ReduceWarpRows<T, kOp><<<GridFor(g.outer, kWarpRowsBlock / 32), kWarpRowsBlock, 0, stream>>>(x, y, g.outer, r);
  } else {
    ReduceBlockRows<T, kOp><<<GridFor(g.outer, 1), kRowBlock, 0, stream>>>(x, y, g.outer, r);
  }
}

template <typename T>
Status LaunchOp(cudaStream_t stream, ReduceOp op, const ReduceGeometry& g, const void* x, void* y,
                const std::string& what) {
  if (g.reduce_count == 0) {
    if (op == ReduceOp::kSum) {
      const size_t bytes = static_cast<size_t>(g.out_count) * sizeof(T);
      OAR_CUDA_RETURN_IF_ERROR(cudaMemsetAsync(y, 0, bytes, stream), what + ": ");
      return Status::OK();
    }
    if constexpr (!std::is_integral_v<T>) {
      if (op == ReduceOp::kMean) {
        FillKernel<T><<<GridFor(g.out_count, kMapBlock), kMapBlock, 0, stream>>>(static_cast<T*>(y), g.out_count, NAN);
        return oar::cuda::LastLaunchError(what);
      }
    }
    return InvalidArgument(what + ": the reduced axes hold no element");
  }
  switch (op) {
    case ReduceOp::kSum:
      LaunchTyped<T, ReduceOp::kSum>(stream, g, x, y);
      break;
    case ReduceOp::kMean:
      LaunchTyped<T, ReduceOp::kMean>(stream, g, x, y);
      break;
    case ReduceOp::kMax:
      LaunchTyped<T, ReduceOp::kMax>(stream, g, x, y);
      break;
  }
  return oar::cuda::LastLaunchError(what);
}

}  // namespace

Status LaunchReduce(cudaStream_t stream, DType dtype, ReduceOp op, const ReduceGeometry& geometry, const void* x,
                    void* y, const std::string& where) {
  const std::string what = where + "reduce kernel";
  if (geometry.out_count <= 0) return Status::OK();
  switch (dtype) {
    case DType::kFloat32:
      return LaunchOp<float>(stream, op, geometry, x, y, what);
    case DType::kFloat16:
      return LaunchOp<__half>(stream, op, geometry, x, y, what);
    case DType::kInt32:
      return LaunchOp<int32_t>(stream, op, geometry, x, y, what);
    case DType::kInt64:
      return LaunchOp<int64_t>(stream, op, geometry, x, y, what);
    default:
      return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
  }
}

}  // namespace oar::kernels::cuda
