// Pool2d device code: one thread per output element (grid-stride loop, int64 indices). The
// window is visited row by row in the same order as the CPU reference, so f32 results match it
// bit for bit (max: first maximum kept; average: the same summation order, one IEEE division).
#include <math_constants.h>

#include "kernels/cuda/cuda_kernel_util.h"
#include "kernels/cuda/pool2d.h"

namespace oar::kernels::cuda {

namespace {

struct PoolParams {
  int64_t c, h, w, oh, ow;
  int64_t kh, kw, sh, sw, pad_top, pad_left;
  int64_t total;  // output elements
  bool is_max, exclusive, adaptive;
};

// Window [start, end) of output index i along one axis, clipped to the input.
__device__ __forceinline__ void WindowBounds(int64_t i, int64_t in, int64_t out, int64_t k, int64_t stride, int64_t pad,
                                             bool adaptive, int64_t* start, int64_t* end) {
  int64_t s, e;
  if (adaptive) {
    s = (i * in) / out;
    e = ((i + 1) * in + out - 1) / out;
  } else {
    s = i * stride - pad;
    e = s + k < in ? s + k : in;
    s = s > 0 ? s : 0;
  }
  *start = s;
  *end = e > s ? e : s;
}

// Pools the window [hs,he) x [ws,we) of `src`, whose rows are `row_stride` and columns
// `col_stride` elements apart.
template <typename T>
__device__ __forceinline__ float PoolWindow(const T* src, int64_t hs, int64_t he, int64_t ws, int64_t we,
                                            int64_t row_stride, int64_t col_stride, const PoolParams& p) {
  const int64_t count = (he - hs) * (we - ws);
  if (count <= 0) return 0.0f;
  if (p.is_max) {
    float m = -CUDART_INF_F;
    for (int64_t r = hs; r < he; ++r) {
      for (int64_t c = ws; c < we; ++c) {
        const float v = LoadF(src, r * row_stride + c * col_stride);
        m = m < v ? v : m;  // as std::max(m, v)
      }
    }
    return m;
  }
  float s = 0.0f;
  for (int64_t r = hs; r < he; ++r) {
    for (int64_t c = ws; c < we; ++c) s += LoadF(src, r * row_stride + c * col_stride);
  }
  return s / (p.exclusive ? static_cast<float>(count) : static_cast<float>(p.kh * p.kw));
}

// x [N,C,H,W] -> y [N,C,OH,OW].
template <typename T>
__global__ void Pool2dNchwKernel(const T* __restrict__ x, T* __restrict__ y, PoolParams p) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t idx = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; idx < p.total; idx += step) {
    const int64_t j = idx % p.ow;
    int64_t t = idx / p.ow;
    const int64_t i = t % p.oh;
    const int64_t plane = t / p.oh;  // n * C + c
    int64_t hs, he, ws, we;
    WindowBounds(i, p.h, p.oh, p.kh, p.sh, p.pad_top, p.adaptive, &hs, &he);
    WindowBounds(j, p.w, p.ow, p.kw, p.sw, p.pad_left, p.adaptive, &ws, &we);
    StoreF(y, idx, PoolWindow(x + plane * p.h * p.w, hs, he, ws, we, p.w, 1, p));
  }
}

// x [N,H,W,C] -> y [N,OH,OW,C]; neighbouring threads take neighbouring channels (coalesced).
template <typename T>
__global__ void Pool2dNhwcKernel(const T* __restrict__ x, T* __restrict__ y, PoolParams p) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t idx = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; idx < p.total; idx += step) {
    const int64_t c = idx % p.c;
    int64_t t = idx / p.c;
    const int64_t j = t % p.ow;
    t /= p.ow;
    const int64_t i = t % p.oh;
    const int64_t n = t / p.oh;
    int64_t hs, he, ws, we;
    WindowBounds(i, p.h, p.oh, p.kh, p.sh, p.pad_top, p.adaptive, &hs, &he);
    WindowBounds(j, p.w, p.ow, p.kw, p.sw, p.pad_left, p.adaptive, &ws, &we);
    StoreF(y, idx, PoolWindow(x + n * p.h * p.w * p.c + c, hs, he, ws, we, p.w * p.c, p.c, p));
  }
}

template <typename T>
void Launch(cudaStream_t stream, const void* x, void* y, const PoolParams& p, bool channels_last) {
  constexpr int kBlock = 256;
  const unsigned grid = GridFor(p.total, kBlock);
  if (channels_last) {
    Pool2dNhwcKernel<T><<<grid, kBlock, 0, stream>>>(static_cast<const T*>(x), static_cast<T*>(y), p);
  } else {
    Pool2dNchwKernel<T><<<grid, kBlock, 0, stream>>>(static_cast<const T*>(x), static_cast<T*>(y), p);
  }
}

std::string GeometryString(const Pool2dGeometry& g) {
  return "input [" + std::to_string(g.n) + "," + std::to_string(g.c) + "," + std::to_string(g.h) + "," +
         std::to_string(g.w) + "], output " + std::to_string(g.oh) + "x" + std::to_string(g.ow) + ", kernel " +
         std::to_string(g.kernel[0]) + "x" + std::to_string(g.kernel[1]) + ", strides " + std::to_string(g.strides[0]) +
         "x" + std::to_string(g.strides[1]);
}

}  // namespace

Status LaunchPool2d(cudaStream_t stream, DType dtype, const void* x, void* y, const Pool2dGeometry& geo,
                    bool channels_last, const std::string& where) {
  if (!IsCudaFloat(dtype)) {
    return Unsupported("cuda pool2d: " + where + "dtype " + DTypeName(dtype) +
                       " is not supported (expected f32 or f16)");
  }
  const bool bad_sizes = geo.n < 0 || geo.c < 0 || geo.h < 0 || geo.w < 0 || geo.oh < 0 || geo.ow < 0;
  const bool bad_window = geo.adaptive ? (geo.oh == 0 || geo.ow == 0)
                                       : (geo.kernel[0] < 1 || geo.kernel[1] < 1 || geo.strides[0] < 1 ||
                                          geo.strides[1] < 1 || geo.pads[0] < 0 || geo.pads[1] < 0);
  if (bad_sizes || bad_window) {
    return InvalidArgument("cuda pool2d: " + where + "invalid geometry: " + GeometryString(geo));
  }
  PoolParams p;
  p.c = geo.c;
  p.h = geo.h;
  p.w = geo.w;
  p.oh = geo.oh;
  p.ow = geo.ow;
  p.kh = geo.kernel[0];
  p.kw = geo.kernel[1];
  p.sh = geo.strides[0];
  p.sw = geo.strides[1];
  p.pad_top = geo.pads[0];
  p.pad_left = geo.pads[1];
  p.total = geo.n * geo.c * geo.oh * geo.ow;
  p.is_max = geo.type == ir::PoolType::kMax;
  p.exclusive = geo.exclusive;
  p.adaptive = geo.adaptive;
  if (p.total == 0) return Status::OK();
  if (dtype == DType::kFloat32) {
    Launch<float>(stream, x, y, p, channels_last);
  } else {
    Launch<__half>(stream, x, y, p, channels_last);
  }
  return ::oar::cuda::LastLaunchError(where + (channels_last ? "pool2d (NHWC)" : "pool2d (NCHW)"));
}

}  // namespace oar::kernels::cuda
