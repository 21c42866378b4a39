// Same-shape Sum kernel (sum.h): each element is summed over up to kMaxSumInputsPerPass inputs in
// the compute type, left to right as the CPU kernel adds them; vectorised when every pointer is
// 16-byte aligned.
#include "kernels/cuda/math_util.cuh"
#include "kernels/cuda/sum.h"

namespace oar::kernels::cuda {

namespace {

template <typename T>
struct SumInputs {
  const T* p[kMaxSumInputsPerPass];
};

template <typename T, int N>
__global__ void SumKernel(SumInputs<T> in, int count, bool accumulate, T* y, int64_t n) {
  using C = typename Elem<T>::C;
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  const int64_t t = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const int64_t packs = n / N;
  for (int64_t p = t; p < packs; p += stride) {
    C acc[N];
    Pack<T, N> v = reinterpret_cast<const Pack<T, N>*>(accumulate ? y : in.p[0])[p];
#pragma unroll
    for (int k = 0; k < N; ++k) acc[k] = Elem<T>::To(v.v[k]);
    for (int j = accumulate ? 0 : 1; j < count; ++j) {
      v = reinterpret_cast<const Pack<T, N>*>(in.p[j])[p];
#pragma unroll
      for (int k = 0; k < N; ++k) acc[k] += Elem<T>::To(v.v[k]);
    }
#pragma unroll
    for (int k = 0; k < N; ++k) v.v[k] = Elem<T>::From(acc[k]);
    reinterpret_cast<Pack<T, N>*>(y)[p] = v;
  }
  for (int64_t i = packs * N + t; i < n; i += stride) {
    C acc = Elem<T>::To(accumulate ? y[i] : in.p[0][i]);
    for (int j = accumulate ? 0 : 1; j < count; ++j) acc += Elem<T>::To(in.p[j][i]);
    y[i] = Elem<T>::From(acc);
  }
}

template <typename T>
Status Launch(cudaStream_t stream, const void* const* inputs, int count, bool accumulate, void* yv, int64_t n,
              const std::string& what) {
  SumInputs<T> in{};
  bool aligned = Aligned16(yv);
  for (int j = 0; j < count; ++j) {
    in.p[j] = static_cast<const T*>(inputs[j]);
    aligned = aligned && Aligned16(inputs[j]);
  }
  T* y = static_cast<T*>(yv);
  constexpr int kN = VecWidth<T>();
  if (aligned && n >= kN) {
    SumKernel<T, kN><<<GridFor((n + kN - 1) / kN, kMapBlock), kMapBlock, 0, stream>>>(in, count, accumulate, y, n);
  } else {
    SumKernel<T, 1><<<GridFor(n, kMapBlock), kMapBlock, 0, stream>>>(in, count, accumulate, y, n);
  }
  return oar::cuda::LastLaunchError(what);
}

}  // namespace

Status LaunchSumSameShape(cudaStream_t stream, DType dtype, const void* const* inputs, int count, bool accumulate,
                          void* y, int64_t n, const std::string& where) {
  const std::string what = where + "sum kernel";
  if (count < 1 || count > kMaxSumInputsPerPass) {
    return Internal(what + ": expected 1 to " + std::to_string(kMaxSumInputsPerPass) + " inputs per pass, got " +
                    std::to_string(count));
  }
  if (n <= 0) return Status::OK();
  switch (dtype) {
    case DType::kFloat32:
      return Launch<float>(stream, inputs, count, accumulate, y, n, what);
    case DType::kFloat16:
      return Launch<__half>(stream, inputs, count, accumulate, y, n, what);
    case DType::kInt32:
      return Launch<int32_t>(stream, inputs, count, accumulate, y, n, what);
    case DType::kInt64:
      return Launch<int64_t>(stream, inputs, count, accumulate, y, n, what);
    default:
      return Unsupported(what + ": no CUDA kernel for " + DTypeName(dtype) + " tensors");
  }
}

}  // namespace oar::kernels::cuda
