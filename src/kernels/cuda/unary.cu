// Unary elementwise kernels (unary.h): one functor per op run by the vectorised map of
// math_util.cuh. The activation-like ops share ApplyFusedActivation (epilogue.cuh) so that a fused
// epilogue and the standalone op compute the same values.
#include "kernels/cuda/epilogue.cuh"
#include "kernels/cuda/math_util.cuh"
#include "kernels/cuda/unary.h"

namespace oar::kernels::cuda {

namespace {

template <ir::ActivationKind kKind>
struct ActivationFn {
  float alpha, beta, gamma;
  __device__ __forceinline__ float operator()(float x) const {
    return ApplyFusedActivation(x, static_cast<int>(kKind), alpha, beta, gamma);
  }
};

struct TanhFn {
  __device__ __forceinline__ float operator()(float x) const { return tanhf(x); }
};

// 0.5 x (1 + erf(x / sqrt(2))).
struct GeluFn {
  __device__ __forceinline__ float operator()(float x) const {
    return 0.5f * x * (1.0f + erff(x * 0.7071067811865476f));
  }
};

// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
struct GeluTanhFn {
  __device__ __forceinline__ float operator()(float x) const {
    return 0.5f * x * (1.0f + tanhf(0.7978845608028654f * (x + 0.044715f * x * x * x)));
  }
};

struct ExpFn {
  __device__ __forceinline__ float operator()(float x) const { return expf(x); }
};

struct SqrtFn {
  __device__ __forceinline__ float operator()(float x) const { return sqrtf(x); }
};

template <typename T>
struct IntReluFn {
  __device__ __forceinline__ T operator()(T x) const { return x > T(0) ? x : T(0); }
};

template <typename T>
struct IntClipFn {
  T lo, hi;
  __device__ __forceinline__ T operator()(T x) const {
    const T v = x < lo ? lo : x;
    return v > hi ? hi : v;
  }
};

template <typename T>
Status LaunchFloat(cudaStream_t s, UnaryOp op, const UnaryParams& p, const T* x, T* y, int64_t n,
                   const std::string& what) {
  using AK = ir::ActivationKind;
  switch (op) {
    case UnaryOp::kRelu:
      return LaunchMap(s, x, y, n, ActivationFn<AK::kRelu>{0.0f, 0.0f, 0.0f}, what);
    case UnaryOp::kLeakyRelu:
      return LaunchMap(s, x, y, n, ActivationFn<AK::kLeakyRelu>{p.alpha, 0.0f, 0.0f}, what);
    case UnaryOp::kSigmoid:
      return LaunchMap(s, x, y, n, ActivationFn<AK::kSigmoid>{0.0f, 0.0f, 0.0f}, what);
    case UnaryOp::kTanh:
      return LaunchMap(s, x, y, n, TanhFn{}, what);
    case UnaryOp::kHardSigmoid:
      return LaunchMap(s, x, y, n, ActivationFn<AK::kHardSigmoid>{p.alpha, p.beta, 0.0f}, what);
    case UnaryOp::kHardSwish:
      return LaunchMap(s, x, y, n, ActivationFn<AK::kHardSwish>{p.alpha, p.beta, p.gamma}, what);
    case UnaryOp::kSwish:
      return LaunchMap(s, x, y, n, ActivationFn<AK::kSwish>{p.alpha, 0.0f, 0.0f}, what);
    case UnaryOp::kGelu:
      return LaunchMap(s, x, y, n, GeluFn{}, what);
    case UnaryOp::kGeluTanh:
      return LaunchMap(s, x, y, n, GeluTanhFn{}, what);
    case UnaryOp::kClip:
      return LaunchMap(s, x, y, n, ActivationFn<AK::kClip>{p.alpha, p.beta, 0.0f}, what);
    case UnaryOp::kExp:
      return LaunchMap(s, x, y, n, ExpFn{}, what);
    case UnaryOp::kSqrt:
      return LaunchMap(s, x, y, n, SqrtFn{}, what);
  }
  return Internal(what + ": unknown unary op " + std::to_string(static_cast<int>(op)));
}

template <typename T>
Status LaunchInt(cudaStream_t s, UnaryOp op, const UnaryParams& p, const T* x, T* y, int64_t n,
                 const std::string& what, DType dtype) {
  if (op == UnaryOp::kRelu) return LaunchMap(s, x, y, n, IntReluFn<T>{}, what);
  if (op == UnaryOp::kClip) {
    return LaunchMap(s, x, y, n, IntClipFn<T>{static_cast<T>(p.int_lo), static_cast<T>(p.int_hi)}, what);
  }
  return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
}

}  // namespace

Status LaunchUnary(cudaStream_t stream, DType dtype, UnaryOp op, const UnaryParams& params, const void* x, void* y,
                   int64_t n, const std::string& where) {
  const std::string what = where + "unary kernel";
  switch (dtype) {
    case DType::kFloat32:
      return LaunchFloat(stream, op, params, static_cast<const float*>(x), static_cast<float*>(y), n, what);
    case DType::kFloat16:
      return LaunchFloat(stream, op, params, static_cast<const __half*>(x), static_cast<__half*>(y), n, what);
    case DType::kInt32:
      return LaunchInt(stream, op, params, static_cast<const int32_t*>(x), static_cast<int32_t*>(y), n, what, dtype);
    case DType::kInt64:
      return LaunchInt(stream, op, params, static_cast<const int64_t*>(x), static_cast<int64_t*>(y), n, what, dtype);
    default:
      return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
  }
}

}  // namespace oar::kernels::cuda
