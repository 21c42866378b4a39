// Cast kernels (cast.h): one grid-stride kernel per (source, destination) storage type; Decode
// widens f16/bf16 to f32 and bool to 0/1, Encode applies the destination's rule.
#include <cuda_bf16.h>

#include <cuda/std/limits>
#include <type_traits>

#include "kernels/cuda/cast.h"
#include "kernels/cuda/math_util.cuh"

namespace oar::kernels::cuda {

namespace {

/// bool storage: one byte, any non-zero byte reads as true.
struct BoolByte {
  uint8_t v;
};

template <typename T>
struct TypeTag {
  using type = T;
};

template <typename S>
__device__ __forceinline__ S Decode(S s) {
  return s;
}
__device__ __forceinline__ float Decode(__half s) { return __half2float(s); }
__device__ __forceinline__ float Decode(__nv_bfloat16 s) { return __bfloat162float(s); }
__device__ __forceinline__ uint8_t Decode(BoolByte s) { return s.v != 0 ? 1 : 0; }

template <typename D, typename V>
__device__ __forceinline__ D Encode(V v) {
  if constexpr (std::is_same_v<D, __half>) {
    return __float2half_rn(static_cast<float>(v));
  } else if constexpr (std::is_same_v<D, __nv_bfloat16>) {
    return __float2bfloat16_rn(static_cast<float>(v));
  } else if constexpr (std::is_same_v<D, BoolByte>) {
    return BoolByte{static_cast<uint8_t>(v != V(0) ? 1 : 0)};
  } else if constexpr (std::is_floating_point_v<V> && std::is_integral_v<D>) {
    if (v != v) return D(0);  // NaN
    if (v <= static_cast<V>(::cuda::std::numeric_limits<D>::lowest())) return ::cuda::std::numeric_limits<D>::lowest();
    // Where max() is not exact in V it rounds up to a power of two, so >= still catches overflow.
    if (v >= static_cast<V>(::cuda::std::numeric_limits<D>::max())) return ::cuda::std::numeric_limits<D>::max();
    return static_cast<D>(v);
  } else {
    return static_cast<D>(v);
  }
}

template <typename S, typename D>
__global__ void CastKernel(const S* x, D* y, int64_t n) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    y[i] = Encode<D>(Decode(x[i]));
  }
}

/// Calls fn(TypeTag<T>{}) with T the device storage type of `dtype`; false for kUndefined.
template <typename Fn>
bool DispatchStorage(DType dtype, Fn&& fn) {
  switch (dtype) {
    case DType::kFloat32:
      fn(TypeTag<float>{});
      return true;
    case DType::kFloat16:
      fn(TypeTag<__half>{});
      return true;
    case DType::kBFloat16:
      fn(TypeTag<__nv_bfloat16>{});
      return true;
    case DType::kFloat64:
      fn(TypeTag<double>{});
      return true;
    case DType::kInt8:
      fn(TypeTag<int8_t>{});
      return true;
    case DType::kUInt8:
      fn(TypeTag<uint8_t>{});
      return true;
    case DType::kInt16:
      fn(TypeTag<int16_t>{});
      return true;
    case DType::kInt32:
      fn(TypeTag<int32_t>{});
      return true;
    case DType::kInt64:
      fn(TypeTag<int64_t>{});
      return true;
    case DType::kBool:
      fn(TypeTag<BoolByte>{});
      return true;
    case DType::kUndefined:
      return false;
  }
  return false;
}

}  // namespace

bool IsCudaCastDType(DType t) { return t != DType::kUndefined && DTypeSize(t) > 0; }

Status LaunchCast(cudaStream_t stream, DType from, DType to, const void* x, void* y, int64_t n,
                  const std::string& where) {
  const std::string what = where + "cast kernel";
  if (!IsCudaCastDType(from) || !IsCudaCastDType(to)) {
    return Unsupported(what + ": cannot cast " + DTypeName(from) + " to " + DTypeName(to));
  }
  if (n <= 0) return Status::OK();
  if (from == to) {
    if (x == y) return Status::OK();
    OAR_CUDA_RETURN_IF_ERROR(
        cudaMemcpyAsync(y, x, static_cast<size_t>(n) * DTypeSize(from), cudaMemcpyDeviceToDevice, stream), what + ": ");
    return Status::OK();
  }
  DispatchStorage(from, [&](auto src_tag) {
    using S = typename decltype(src_tag)::type;
    DispatchStorage(to, [&](auto dst_tag) {
      using D = typename decltype(dst_tag)::type;
      const S* src = static_cast<const S*>(x);
      CastKernel<S, D><<<GridFor(n, kMapBlock), kMapBlock, 0, stream>>>(src, static_cast<D*>(y), n);
    });
  });
  return oar::cuda::LastLaunchError(what);
}

}  // namespace oar::kernels::cuda
