// Scale kernel (scale.h) on the vectorised map of math_util.cuh. The ScaleTensor's element is read
// once per thread through the BindOp hook. Products and sums use the _rn intrinsics so that no
// multiply-add is fused and results match the CPU kernel's rounding.
#include "kernels/cuda/math_util.cuh"
#include "kernels/cuda/scale.h"

namespace oar::kernels::cuda {

namespace {

__device__ __forceinline__ float Mul(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ float Add(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ double Mul(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ double Add(double a, double b) { return __dadd_rn(a, b); }

__device__ __forceinline__ double ReadScalar(const void* p, DType dtype) {
  switch (dtype) {
    case DType::kFloat32:
      return static_cast<double>(*static_cast<const float*>(p));
    case DType::kFloat16:
      return static_cast<double>(__half2float(*static_cast<const __half*>(p)));
    case DType::kFloat64:
      return *static_cast<const double*>(p);
    case DType::kInt32:
      return static_cast<double>(*static_cast<const int32_t*>(p));
    case DType::kInt64:
      return static_cast<double>(*static_cast<const int64_t*>(p));
    default:
      return 0.0;  // refused on the host (IsCudaScaleTensorDType)
  }
}

/// T: storage type; C: compute type (float for f32/f16, double for integers).
template <typename T, typename C>
struct ScaleFn {
  using E = typename Elem<T>::C;
  C scale, bias;
  bool bias_after_scale;
  const void* tensor;
  DType tensor_dtype;
  __device__ __forceinline__ E operator()(E x) const {
    const C v = static_cast<C>(x);
    return static_cast<E>(bias_after_scale ? Add(Mul(scale, v), bias) : Mul(scale, Add(v, bias)));
  }
};

template <typename T, typename C>
__device__ __forceinline__ ScaleFn<T, C> BindOp(const ScaleFn<T, C>& fn) {
  ScaleFn<T, C> bound = fn;
  if (bound.tensor) bound.scale = static_cast<C>(ReadScalar(bound.tensor, bound.tensor_dtype));
  return bound;
}

template <typename T, typename C>
Status Launch(cudaStream_t stream, const void* x, void* y, int64_t n, float scale, float bias, bool after,
              const void* tensor, DType tensor_dtype, const std::string& what) {
  // The CPU kernel widens the float attributes to double first, then to the compute type.
  const ScaleFn<T, C> fn{static_cast<C>(static_cast<double>(scale)), static_cast<C>(static_cast<double>(bias)), after,
                         tensor, tensor_dtype};
  return LaunchMap(stream, static_cast<const T*>(x), static_cast<T*>(y), n, fn, what);
}

}  // namespace

bool IsCudaScaleTensorDType(DType t) {
  return t == DType::kFloat32 || t == DType::kFloat16 || t == DType::kFloat64 || t == DType::kInt32 ||
         t == DType::kInt64;
}

Status LaunchScale(cudaStream_t stream, DType dtype, const void* x, void* y, int64_t n, float scale, float bias,
                   bool bias_after_scale, const void* scale_tensor, DType scale_dtype, const std::string& where) {
  const std::string what = where + "scale kernel";
  if (scale_tensor && !IsCudaScaleTensorDType(scale_dtype)) {
    return Unsupported(what + ": input #1 (ScaleTensor): expected f32, f16, f64, i32 or i64, got " +
                       DTypeName(scale_dtype));
  }
  switch (dtype) {
    case DType::kFloat32:
      return Launch<float, float>(stream, x, y, n, scale, bias, bias_after_scale, scale_tensor, scale_dtype, what);
    case DType::kFloat16:
      return Launch<__half, float>(stream, x, y, n, scale, bias, bias_after_scale, scale_tensor, scale_dtype, what);
    case DType::kInt32:
      return Launch<int32_t, double>(stream, x, y, n, scale, bias, bias_after_scale, scale_tensor, scale_dtype, what);
    case DType::kInt64:
      return Launch<int64_t, double>(stream, x, y, n, scale, bias, bias_after_scale, scale_tensor, scale_dtype, what);
    default:
      return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
  }
}

}  // namespace oar::kernels::cuda
