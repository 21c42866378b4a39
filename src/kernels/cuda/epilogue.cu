// y = act(y + bias[c] + residual) in place (epilogue.h). One thread per element, or per 16-byte
// pack when y (and the residual) are aligned and a pack never spans two channels in NCHW (inner a
// multiple of the pack width) or covers consecutive channels in channels-last (channels a multiple
// of it). Index arithmetic is 32-bit when the tensor allows it.
#include "kernels/cuda/epilogue.cuh"
#include "kernels/cuda/epilogue.h"
#include "kernels/cuda/math_util.cuh"

namespace oar::kernels::cuda {

namespace {

struct ActParams {
  int kind;
  float alpha, beta, gamma;
};

template <typename T, typename Index, int N>
__global__ void BiasResidualActKernel(T* y, Index total, Index channels, Index inner, const T* bias, const T* res,
                                      ActParams act) {
  const Index stride = static_cast<Index>(gridDim.x) * blockDim.x;
  const Index packs = total / N;
  for (Index p = static_cast<Index>(blockIdx.x) * blockDim.x + threadIdx.x; p < packs; p += stride) {
    Pack<T, N> v = reinterpret_cast<const Pack<T, N>*>(y)[p];
    Pack<T, N> r = v;
    if (res) r = reinterpret_cast<const Pack<T, N>*>(res)[p];
    // Channel of the pack's first element; in channels-last (inner == 1) element k has c0 + k.
    const Index c0 = bias ? (p * N / inner) % channels : 0;
#pragma unroll
    for (int k = 0; k < N; ++k) {
      float s = Elem<T>::To(v.v[k]);
      if (bias) s += Elem<T>::To(bias[inner == 1 ? c0 + k : c0]);
      if (res) s += Elem<T>::To(r.v[k]);
      v.v[k] = Elem<T>::From(ApplyFusedActivation(s, act.kind, act.alpha, act.beta, act.gamma));
    }
    reinterpret_cast<Pack<T, N>*>(y)[p] = v;
  }
}

template <typename T, typename Index>
Status Launch(cudaStream_t stream, T* y, int64_t total, int64_t channels, int64_t inner, const T* bias, const T* res,
              const ActParams& act, const std::string& where) {
  constexpr int kN = VecWidth<T>();
  const bool layout_ok = bias ? (inner % kN == 0 || (inner == 1 && channels % kN == 0)) : total % kN == 0;
  if (layout_ok && Aligned16(y) && (!res || Aligned16(res))) {
    BiasResidualActKernel<T, Index, kN><<<GridFor(total / kN, kMapBlock), kMapBlock, 0, stream>>>(
        y, static_cast<Index>(total), static_cast<Index>(channels), static_cast<Index>(inner), bias, res, act);
  } else {
    BiasResidualActKernel<T, Index, 1><<<GridFor(total, kMapBlock), kMapBlock, 0, stream>>>(
        y, static_cast<Index>(total), static_cast<Index>(channels), static_cast<Index>(inner), bias, res, act);
  }
  return oar::cuda::LastLaunchError(where + "bias/residual/activation epilogue");
}

template <typename T>
Status LaunchTyped(cudaStream_t stream, void* y, int64_t total, int64_t channels, int64_t inner, const void* bias,
                   const void* res, const ActParams& act, const std::string& where) {
  T* yt = static_cast<T*>(y);
  const T* bt = static_cast<const T*>(bias);
  const T* rt = static_cast<const T*>(res);
  if (total < (int64_t{1} << 31)) return Launch<T, uint32_t>(stream, yt, total, channels, inner, bt, rt, act, where);
  return Launch<T, uint64_t>(stream, yt, total, channels, inner, bt, rt, act, where);
}

}  // namespace

Status LaunchBiasResidualActivation(cudaStream_t stream, DType dtype, void* y, int64_t outer, int64_t channels,
                                    int64_t inner, bool channels_last, const void* bias, const void* residual,
                                    const ir::FusedActivation& act, const std::string& where) {
  if (dtype != DType::kFloat32 && dtype != DType::kFloat16) {
    return Unsupported(where + "bias/residual/activation epilogue: expected an f32 or f16 tensor, got " +
                       DTypeName(dtype));
  }
  if (outer < 0 || channels < 0 || inner < 0) {
    return InvalidArgument(where + "bias/residual/activation epilogue: expected non-negative extents, got outer " +
                           std::to_string(outer) + ", channels " + std::to_string(channels) + ", inner " +
                           std::to_string(inner));
  }
  if (channels_last && inner != 1) {
    return InvalidArgument(where + "bias/residual/activation epilogue: channels-last expects inner = 1, got " +
                           std::to_string(inner));
  }
  const int64_t total = outer * channels * inner;
  if (total == 0 || (!bias && !residual && act.none())) return Status::OK();
  const ActParams p{static_cast<int>(act.kind), act.alpha, act.beta, act.gamma};
  if (dtype == DType::kFloat16) {
    return LaunchTyped<__half>(stream, y, total, channels, inner, bias, residual, p, where);
  }
  return LaunchTyped<float>(stream, y, total, channels, inner, bias, residual, p, where);
}

}  // namespace oar::kernels::cuda
