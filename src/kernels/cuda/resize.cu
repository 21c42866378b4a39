// Resize device code: one thread per output element. Coordinates and interpolation use the
// explicitly rounded intrinsics (__fmul_rn, __fadd_rn, ...), which the compiler never fuses into
// FMAs, so the source indices and weights equal the CPU reference's exactly.
#include "kernels/cuda/cuda_kernel_util.h"
#include "kernels/cuda/resize.h"

namespace oar::kernels::cuda {

namespace {

struct ResizeParams {
  int64_t ih, iw, oh, ow, total;
  float ratio_h, ratio_w;
  bool nearest, align_corners, half_pixel;
};

// Source indices (i0, i1) and the weight of i1 for destination index d of one axis.
__device__ __forceinline__ void SourceCoord(int64_t d, int64_t in, float ratio, const ResizeParams& p, int64_t* i0,
                                            int64_t* i1, float* frac) {
  const float fd = static_cast<float>(d);
  if (p.nearest) {
    // Paddle rounds half up with align_corners and truncates otherwise.
    int64_t s = p.align_corners ? static_cast<int64_t>(__fadd_rn(__fmul_rn(ratio, fd), 0.5f))
                                : static_cast<int64_t>(__fmul_rn(ratio, fd));
    s = s < 0 ? 0 : (s > in - 1 ? in - 1 : s);
    *i0 = *i1 = s;
    *frac = 0.0f;
    return;
  }
  float src = p.half_pixel ? __fsub_rn(__fmul_rn(ratio, __fadd_rn(fd, 0.5f)), 0.5f) : __fmul_rn(ratio, fd);
  src = src > 0.0f ? src : 0.0f;
  int64_t s0 = static_cast<int64_t>(src);
  s0 = s0 < in - 1 ? s0 : in - 1;
  *i0 = s0;
  *i1 = s0 + 1 < in - 1 ? s0 + 1 : in - 1;
  const float f = __fsub_rn(src, static_cast<float>(s0));
  *frac = f < 1.0f ? f : 1.0f;
}

// a * (1 - f) + b * f, rounded step by step as the CPU computes it.
__device__ __forceinline__ float Lerp(float a, float b, float f) {
  return __fadd_rn(__fmul_rn(a, __fsub_rn(1.0f, f)), __fmul_rn(b, f));
}

template <typename T>
__global__ void ResizeKernel(const T* __restrict__ x, T* __restrict__ y, ResizeParams p) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t idx = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; idx < p.total; idx += step) {
    const int64_t j = idx % p.ow;
    const int64_t t = idx / p.ow;
    const int64_t i = t % p.oh;
    const int64_t plane = t / p.oh;
    int64_t r0, r1, c0, c1;
    float fy, fx;
    SourceCoord(i, p.ih, p.ratio_h, p, &r0, &r1, &fy);
    SourceCoord(j, p.iw, p.ratio_w, p, &c0, &c1, &fx);
    const T* src = x + plane * p.ih * p.iw;
    if (p.nearest) {
      y[idx] = src[r0 * p.iw + c0];
      continue;
    }
    const float top = Lerp(LoadF(src, r0 * p.iw + c0), LoadF(src, r0 * p.iw + c1), fx);
    const float bottom = Lerp(LoadF(src, r1 * p.iw + c0), LoadF(src, r1 * p.iw + c1), fx);
    StoreF(y, idx, Lerp(top, bottom, fy));
  }
}

}  // namespace

Status LaunchResize(cudaStream_t stream, DType dtype, const void* x, void* y, const ResizeGeometry& geo,
                    const std::string& where) {
  if (!IsCudaFloat(dtype)) {
    return Unsupported("cuda resize: " + where + "dtype " + DTypeName(dtype) +
                       " is not supported (expected f32 or f16)");
  }
  if (geo.planes < 0 || geo.oh < 0 || geo.ow < 0 ||
      ((geo.ih <= 0 || geo.iw <= 0) && geo.planes * geo.oh * geo.ow > 0)) {
    return InvalidArgument("cuda resize: " + where + "invalid sizes: input " + std::to_string(geo.ih) + "x" +
                           std::to_string(geo.iw) + ", output " + std::to_string(geo.oh) + "x" +
                           std::to_string(geo.ow));
  }
  ResizeParams p;
  p.ih = geo.ih;
  p.iw = geo.iw;
  p.oh = geo.oh;
  p.ow = geo.ow;
  p.total = geo.planes * geo.oh * geo.ow;
  p.ratio_h = geo.ratio_h;
  p.ratio_w = geo.ratio_w;
  p.nearest = geo.mode == ir::ResizeMode::kNearest;
  p.align_corners = geo.align_corners;
  p.half_pixel = geo.mode == ir::ResizeMode::kBilinear && !geo.align_corners && geo.align_mode == 0;
  if (p.total == 0) return Status::OK();
  constexpr int kBlock = 256;
  const unsigned grid = GridFor(p.total, kBlock);
  if (dtype == DType::kFloat32) {
    ResizeKernel<float><<<grid, kBlock, 0, stream>>>(static_cast<const float*>(x), static_cast<float*>(y), p);
  } else {
    ResizeKernel<__half><<<grid, kBlock, 0, stream>>>(static_cast<const __half*>(x), static_cast<__half*>(y), p);
  }
  return ::oar::cuda::LastLaunchError(where + "resize");
}

}  // namespace oar::kernels::cuda
