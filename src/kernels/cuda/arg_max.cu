// ArgMax kernels (arg_max.h). Rows (inner == 1) are split across a warp or a block: each thread
// scans its elements, then candidates are combined under a total order that reproduces the
// sequential scan `if (x[i] > best)`: a NaN at index 0 beats everything, other NaNs lose to
// everything, larger values win and ties go to the smaller index. Columns (inner > 1) are scanned
// sequentially by one thread each.
#include "kernels/cuda/arg_max.h"
#include "kernels/cuda/block_reduce.cuh"
#include "kernels/cuda/math_util.cuh"

namespace oar::kernels::cuda {

namespace {

constexpr int kWarpRowsBlock = 256;
constexpr int kRowBlock = 512;
constexpr int64_t kSequentialMax = 16;
constexpr int64_t kWarpRowMax = 4096;

/// A candidate: value, index, and rank class (2: NaN at index 0, 1: a number, 0: another NaN).
template <typename A>
struct Candidate {
  A value;
  int64_t index;
  int cls;
};

template <typename A>
__device__ __forceinline__ Candidate<A> MakeCandidate(A v, int64_t i) {
  const bool nan = v != v;
  return Candidate<A>{v, i, nan ? (i == 0 ? 2 : 0) : 1};
}

/// The better of two candidates (a strict total order on distinct indices).
template <typename A>
__device__ __forceinline__ Candidate<A> Better(const Candidate<A>& a, const Candidate<A>& b) {
  if (a.cls != b.cls) return a.cls > b.cls ? a : b;
  if (a.cls == 1 && a.value != b.value) return a.value > b.value ? a : b;
  return a.index <= b.index ? a : b;
}

template <typename A>
__device__ __forceinline__ Candidate<A> WarpBest(Candidate<A> c) {
#pragma unroll
  for (int offset = 16; offset > 0; offset >>= 1) {
    Candidate<A> other;
    other.value = __shfl_xor_sync(0xffffffffu, c.value, offset);
    other.index = __shfl_xor_sync(0xffffffffu, c.index, offset);
    other.cls = __shfl_xor_sync(0xffffffffu, c.cls, offset);
    c = Better(c, other);
  }
  return c;
}

/// Every thread of the block gets the block's best candidate.
template <typename A>
__device__ __forceinline__ Candidate<A> BlockBest(Candidate<A> c) {
  __shared__ Candidate<A> partial[32];
  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  const int num_warps = (blockDim.x + 31) >> 5;
  c = WarpBest(c);
  __syncthreads();
  if (lane == 0) partial[warp] = c;
  __syncthreads();
  // Lanes past the warp count repeat warp 0's candidate, which changes no result.
  c = partial[lane < num_warps ? lane : 0];
  return WarpBest(c);
}

/// A thread's best over elements first, first + step, ... of a row (first < n).
template <typename T>
__device__ __forceinline__ Candidate<typename Elem<T>::C> ScanStrided(const T* xr, int64_t first, int64_t n,
                                                                      int64_t step) {
  auto best = MakeCandidate(Elem<T>::To(xr[first]), first);
  for (int64_t j = first + step; j < n; j += step) best = Better(best, MakeCandidate(Elem<T>::To(xr[j]), j));
  return best;
}

template <typename T, typename I>
__global__ void ArgMaxColumns(const T* x, I* y, int64_t outer, int64_t r_count, int64_t inner) {
  const int64_t total = outer * inner;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t o = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; o < total; o += stride) {
    const T* xc = x + (o / inner) * r_count * inner + o % inner;
    auto best = Elem<T>::To(xc[0]);
    int64_t idx = 0;
    for (int64_t r = 1; r < r_count; ++r) {
      const auto v = Elem<T>::To(xc[r * inner]);
      if (v > best) {
        best = v;
        idx = r;
      }
    }
    y[o] = static_cast<I>(idx);
  }
}

template <typename T, typename I>
__global__ void ArgMaxWarpRows(const T* x, I* y, int64_t outer, int64_t r_count) {
  const int lane = threadIdx.x & 31;
  const int64_t warps_per_block = blockDim.x >> 5;
  const int64_t first = static_cast<int64_t>(blockIdx.x) * warps_per_block + (threadIdx.x >> 5);
  for (int64_t row = first; row < outer; row += static_cast<int64_t>(gridDim.x) * warps_per_block) {
    const T* xr = x + row * r_count;
    // Lanes past the row's end start from element 0, which changes no result.
    auto best = WarpBest(ScanStrided(xr, lane < r_count ? lane : 0, r_count, 32));
    if (lane == 0) y[row] = static_cast<I>(best.index);
  }
}

template <typename T, typename I>
__global__ void ArgMaxBlockRows(const T* x, I* y, int64_t outer, int64_t r_count) {
  for (int64_t row = blockIdx.x; row < outer; row += gridDim.x) {
    const T* xr = x + row * r_count;
    const int64_t first = threadIdx.x < r_count ? static_cast<int64_t>(threadIdx.x) : 0;
    auto best = BlockBest(ScanStrided(xr, first, r_count, blockDim.x));
    if (threadIdx.x == 0) y[row] = static_cast<I>(best.index);
  }
}

template <typename T, typename I>
void LaunchTyped(cudaStream_t stream, const void* xv, void* yv, int64_t outer, int64_t r, int64_t inner) {
  const T* x = static_cast<const T*>(xv);
  I* y = static_cast<I*>(yv);
  if (inner > 1 || r <= kSequentialMax) {
    ArgMaxColumns<T, I><<<GridFor(outer * inner, kMapBlock), kMapBlock, 0, stream>>>(x, y, outer, r, inner);
  } else if (r <= kWarpRowMax) {
    ArgMaxWarpRows<T, I><<<GridFor(outer, kWarpRowsBlock / 32), kWarpRowsBlock, 0, stream>>>(x, y, outer, r);
  } else {
    ArgMaxBlockRows<T, I><<<GridFor(outer, 1), kRowBlock, 0, stream>>>(x, y, outer, r);
  }
}

template <typename T>
void LaunchIndex(cudaStream_t stream, DType index_dtype, const void* x, void* y, int64_t outer, int64_t r,
                 int64_t inner) {
  if (index_dtype == DType::kInt32) {
    LaunchTyped<T, int32_t>(stream, x, y, outer, r, inner);
  } else {
    LaunchTyped<T, int64_t>(stream, x, y, outer, r, inner);
  }
}

}  // namespace

Status LaunchArgMax(cudaStream_t stream, DType dtype, DType index_dtype, const void* x, void* y, int64_t outer,
                    int64_t r_count, int64_t inner, const std::string& where) {
  const std::string what = where + "arg_max kernel";
  if (index_dtype != DType::kInt32 && index_dtype != DType::kInt64) {
    return Unsupported(what + ": expected i32 or i64 indices, got " + DTypeName(index_dtype));
  }
  if (r_count < 1) return InvalidArgument(what + ": expected a non-empty axis, got 0 elements");
  if (outer * inner <= 0) return Status::OK();
  switch (dtype) {
    case DType::kFloat32:
      LaunchIndex<float>(stream, index_dtype, x, y, outer, r_count, inner);
      break;
    case DType::kFloat16:
      LaunchIndex<__half>(stream, index_dtype, x, y, outer, r_count, inner);
      break;
    case DType::kInt32:
      LaunchIndex<int32_t>(stream, index_dtype, x, y, outer, r_count, inner);
      break;
    case DType::kInt64:
      LaunchIndex<int64_t>(stream, index_dtype, x, y, outer, r_count, inner);
      break;
    default:
      return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
  }
  return oar::cuda::LastLaunchError(what);
}

}  // namespace oar::kernels::cuda
