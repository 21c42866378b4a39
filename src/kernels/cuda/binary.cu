// Binary elementwise kernels (binary.h). Three kernels per (dtype, op): flat (vectorised 16-byte
// packs; a scalar operand is broadcast from a register), per-channel (vectorised packs that share
// one channel in NCHW, or cover consecutive channels when inner == 1) and general (per-element
// index decomposition over the collapsed dims). Whatever the first two cannot vectorise (a
// misaligned view, an inner extent that packs would straddle) runs on the general kernel, whose
// index math is 32-bit when the tensor allows it.
#include "kernels/cuda/binary.h"

#include <string>
#include <type_traits>

#include "kernels/cuda/math_util.cuh"

namespace oar::kernels::cuda {

namespace {

// Binary functors on the compute type C (f32 for f32/f16 storage, the integer type otherwise).
// Max/Min use the CPU kernel's comparisons so that NaNs propagate the same way.
struct AddFn {
  template <typename C>
  __device__ __forceinline__ C operator()(C a, C b) const {
    return a + b;
  }
};
struct SubFn {
  template <typename C>
  __device__ __forceinline__ C operator()(C a, C b) const {
    return a - b;
  }
};
struct MulFn {
  template <typename C>
  __device__ __forceinline__ C operator()(C a, C b) const {
    return a * b;
  }
};
struct DivFn {
  __device__ __forceinline__ float operator()(float a, float b) const { return a / b; }
};
struct MaxFn {
  template <typename C>
  __device__ __forceinline__ C operator()(C a, C b) const {
    return a > b ? a : b;
  }
};
struct MinFn {
  template <typename C>
  __device__ __forceinline__ C operator()(C a, C b) const {
    return a < b ? a : b;
  }
};
struct PowFn {
  __device__ __forceinline__ float operator()(float a, float b) const { return b == 2.0f ? a * a : powf(a, b); }
};

/// kScalarA / kScalarB: that operand is one element. a, b (where full) and y 16-byte aligned.
template <typename T, typename Op, bool kScalarA, bool kScalarB>
__global__ void FlatKernel(const T* a, const T* b, T* y, int64_t n, Op op) {
  constexpr int N = VecWidth<T>();
  using C = typename Elem<T>::C;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  const int64_t t = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const C sa = kScalarA ? Elem<T>::To(a[0]) : C(0);
  const C sb = kScalarB ? Elem<T>::To(b[0]) : C(0);
  const int64_t packs = n / N;
  for (int64_t p = t; p < packs; p += stride) {
    Pack<T, N> vy;
    if constexpr (kScalarA) {
      const Pack<T, N> vb = reinterpret_cast<const Pack<T, N>*>(b)[p];
#pragma unroll
      for (int k = 0; k < N; ++k) vy.v[k] = Elem<T>::From(op(sa, Elem<T>::To(vb.v[k])));
    } else if constexpr (kScalarB) {
      const Pack<T, N> va = reinterpret_cast<const Pack<T, N>*>(a)[p];
#pragma unroll
      for (int k = 0; k < N; ++k) vy.v[k] = Elem<T>::From(op(Elem<T>::To(va.v[k]), sb));
    } else {
      const Pack<T, N> va = reinterpret_cast<const Pack<T, N>*>(a)[p];
      const Pack<T, N> vb = reinterpret_cast<const Pack<T, N>*>(b)[p];
#pragma unroll
      for (int k = 0; k < N; ++k) vy.v[k] = Elem<T>::From(op(Elem<T>::To(va.v[k]), Elem<T>::To(vb.v[k])));
    }
    reinterpret_cast<Pack<T, N>*>(y)[p] = vy;
  }
  for (int64_t i = packs * N + t; i < n; i += stride) {
    const C x0 = kScalarA ? sa : Elem<T>::To(a[i]);
    const C x1 = kScalarB ? sb : Elem<T>::To(b[i]);
    y[i] = Elem<T>::From(op(x0, x1));
  }
}

/// One operand (`full`) has the output's shape, the other (`chan`) is indexed by channel. Packs of
/// N elements: either inner % N == 0 (one channel per pack) or inner == 1 and channels % N == 0
/// (channels c0..c0+N-1). `full` and y 16-byte aligned. kChanB: chan is the second operand.
template <typename T, typename Op, typename Index, bool kChanB>
__global__ void ChannelKernel(const T* full, const T* chan, T* y, Index n, Index channels, Index inner, Op op) {
  constexpr int N = VecWidth<T>();
  using C = typename Elem<T>::C;
  const Index stride = static_cast<Index>(gridDim.x) * blockDim.x;
  const Index packs = n / N;
  for (Index p = static_cast<Index>(blockIdx.x) * blockDim.x + threadIdx.x; p < packs; p += stride) {
    const Pack<T, N> vf = reinterpret_cast<const Pack<T, N>*>(full)[p];
    Pack<T, N> vy;
    const Index c0 = (p * N / inner) % channels;
#pragma unroll
    for (int k = 0; k < N; ++k) {
      const C f = Elem<T>::To(vf.v[k]);
      const C c = Elem<T>::To(chan[inner == 1 ? c0 + k : c0]);
      vy.v[k] = Elem<T>::From(kChanB ? op(f, c) : op(c, f));
    }
    reinterpret_cast<Pack<T, N>*>(y)[p] = vy;
  }
}

template <typename Index>
struct GeneralDims {
  int rank;
  Index dims[kMaxBinaryDims];
  Index stride_a[kMaxBinaryDims];
  Index stride_b[kMaxBinaryDims];
};

template <typename T, typename Op, typename Index>
__global__ void GeneralKernel(const T* a, const T* b, T* y, Index n, GeneralDims<Index> g, Op op) {
  const Index stride = static_cast<Index>(gridDim.x) * blockDim.x;
  for (Index i = static_cast<Index>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    Index rem = i, oa = 0, ob = 0;
    for (int d = g.rank - 1; d >= 0; --d) {
      const Index idx = rem % g.dims[d];
      rem /= g.dims[d];
      oa += idx * g.stride_a[d];
      ob += idx * g.stride_b[d];
    }
    y[i] = Elem<T>::From(op(Elem<T>::To(a[oa]), Elem<T>::To(b[ob])));
  }
}

template <typename T, typename Op, typename Index>
void LaunchGeneral(cudaStream_t stream, const BinaryGeometry& g, const T* a, const T* b, T* y, Op op) {
  GeneralDims<Index> d{};
  d.rank = g.rank;
  for (int i = 0; i < g.rank; ++i) {
    d.dims[i] = static_cast<Index>(g.dims[i]);
    d.stride_a[i] = static_cast<Index>(g.stride_a[i]);
    d.stride_b[i] = static_cast<Index>(g.stride_b[i]);
  }
  GeneralKernel<T, Op, Index>
      <<<GridFor(g.total, kMapBlock), kMapBlock, 0, stream>>>(a, b, y, static_cast<Index>(g.total), d, op);
}

template <typename T, typename Op, typename Index>
void LaunchChannel(cudaStream_t stream, const BinaryGeometry& g, const T* a, const T* b, T* y, Op op) {
  constexpr int N = VecWidth<T>();
  const Index n = static_cast<Index>(g.total), c = static_cast<Index>(g.channels), in = static_cast<Index>(g.inner);
  const unsigned grid = GridFor(g.total / N, kMapBlock);
  if (g.pattern == BinaryGeometry::Pattern::kChannelB) {
    ChannelKernel<T, Op, Index, true><<<grid, kMapBlock, 0, stream>>>(a, b, y, n, c, in, op);
  } else {
    ChannelKernel<T, Op, Index, false><<<grid, kMapBlock, 0, stream>>>(b, a, y, n, c, in, op);
  }
}

template <typename T, typename Op>
Status LaunchTyped(cudaStream_t stream, const BinaryGeometry& g, const void* av, const void* bv, void* yv,
                   const std::string& what) {
  if (g.total <= 0) return Status::OK();
  const T* a = static_cast<const T*>(av);
  const T* b = static_cast<const T*>(bv);
  T* y = static_cast<T*>(yv);
  const Op op{};
  constexpr int N = VecWidth<T>();
  const bool small = g.total < (int64_t{1} << 31);
  if (g.pattern == BinaryGeometry::Pattern::kFlat && Aligned16(y) && (g.a_step == 0 || Aligned16(a)) &&
      (g.b_step == 0 || Aligned16(b))) {
    const unsigned grid = GridFor((g.total + N - 1) / N, kMapBlock);
    if (g.a_step == 0) {
      FlatKernel<T, Op, true, false><<<grid, kMapBlock, 0, stream>>>(a, b, y, g.total, op);
    } else if (g.b_step == 0) {
      FlatKernel<T, Op, false, true><<<grid, kMapBlock, 0, stream>>>(a, b, y, g.total, op);
    } else {
      FlatKernel<T, Op, false, false><<<grid, kMapBlock, 0, stream>>>(a, b, y, g.total, op);
    }
  } else if ((g.pattern == BinaryGeometry::Pattern::kChannelA || g.pattern == BinaryGeometry::Pattern::kChannelB) &&
             (g.inner % N == 0 || (g.inner == 1 && g.channels % N == 0)) && Aligned16(y) &&
             Aligned16(g.pattern == BinaryGeometry::Pattern::kChannelB ? av : bv)) {
    if (small) {
      LaunchChannel<T, Op, uint32_t>(stream, g, a, b, y, op);
    } else {
      LaunchChannel<T, Op, uint64_t>(stream, g, a, b, y, op);
    }
  } else if (small) {
    LaunchGeneral<T, Op, uint32_t>(stream, g, a, b, y, op);
  } else {
    LaunchGeneral<T, Op, uint64_t>(stream, g, a, b, y, op);
  }
  return oar::cuda::LastLaunchError(what);
}

/// Launches `op` on T storage. Div and Pow have float kernels only (CudaBinarySupports): on
/// integer storage they are refused without instantiating a kernel.
template <typename T>
Status LaunchOp(cudaStream_t s, BinaryOp op, DType dtype, const BinaryGeometry& g, const void* a, const void* b,
                void* y, const std::string& what) {
  constexpr bool kFloatStorage = std::is_same_v<T, float> || std::is_same_v<T, __half>;
  switch (op) {
    case BinaryOp::kAdd:
      return LaunchTyped<T, AddFn>(s, g, a, b, y, what);
    case BinaryOp::kSub:
      return LaunchTyped<T, SubFn>(s, g, a, b, y, what);
    case BinaryOp::kMul:
      return LaunchTyped<T, MulFn>(s, g, a, b, y, what);
    case BinaryOp::kMax:
      return LaunchTyped<T, MaxFn>(s, g, a, b, y, what);
    case BinaryOp::kMin:
      return LaunchTyped<T, MinFn>(s, g, a, b, y, what);
    case BinaryOp::kDiv:
    case BinaryOp::kPow:
      if constexpr (kFloatStorage) {
        return op == BinaryOp::kDiv ? LaunchTyped<T, DivFn>(s, g, a, b, y, what)
                                    : LaunchTyped<T, PowFn>(s, g, a, b, y, what);
      } else {
        return Unsupported(what + ": no CUDA kernel for this op on " + DTypeName(dtype) + " tensors");
      }
  }
  return Internal(what + ": unknown binary op " + std::to_string(static_cast<int>(op)));
}

}  // namespace

bool CudaBinarySupports(BinaryOp op, DType dtype) {
  if (dtype == DType::kFloat32 || dtype == DType::kFloat16) return true;
  if (dtype == DType::kInt32 || dtype == DType::kInt64) return op != BinaryOp::kDiv && op != BinaryOp::kPow;
  return false;
}

Status LaunchBinary(cudaStream_t stream, DType dtype, BinaryOp op, const BinaryGeometry& geometry, const void* a,
                    const void* b, void* y, const std::string& where) {
  const std::string what = where + "binary kernel";
  switch (dtype) {
    case DType::kFloat32:
      return LaunchOp<float>(stream, op, dtype, geometry, a, b, y, what);
    case DType::kFloat16:
      return LaunchOp<__half>(stream, op, dtype, geometry, a, b, y, what);
    case DType::kInt32:
      return LaunchOp<int32_t>(stream, op, dtype, geometry, a, b, y, what);
    case DType::kInt64:
      return LaunchOp<int64_t>(stream, op, dtype, geometry, a, b, y, what);
    default:
      return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
  }
}

}  // namespace oar::kernels::cuda
