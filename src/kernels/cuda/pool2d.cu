// Pool2d device code: one thread per output element (grid-stride loop; 32-bit index arithmetic
// when every index fits, 64-bit otherwise). The
// window is visited row by row in the same order as the CPU reference, so f32 results match it
// bit for bit (max: first maximum kept; average: the same summation order, one IEEE division).
#include <math_constants.h>

#include <cstdint>
#include <type_traits>

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
template <typename I>
__device__ __forceinline__ void WindowBounds(I i, I in, I out, I k, I stride, I pad, bool adaptive, I* start, I* end) {
  I s, e;
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
template <typename T, typename I>
__device__ __forceinline__ float PoolWindow(const T* src, I hs, I he, I ws, I we, I row_stride, I col_stride,
                                            const PoolParams& p) {
  const I count = (he - hs) * (we - ws);
  if (count <= 0) return 0.0f;
  if (p.is_max) {
    float m = -CUDART_INF_F;
    for (I r = hs; r < he; ++r) {
      for (I c = ws; c < we; ++c) {
        const float v = LoadF(src, r * row_stride + c * col_stride);
        m = m < v ? v : m;  // as std::max(m, v)
      }
    }
    return m;
  }
  float s = 0.0f;
  for (I r = hs; r < he; ++r) {
    for (I c = ws; c < we; ++c) s += LoadF(src, r * row_stride + c * col_stride);
  }
  return s / (p.exclusive ? static_cast<float>(count) : static_cast<float>(p.kh * p.kw));
}

// x [N,C,H,W] -> y [N,C,OH,OW]. I: the index type (32-bit when every index fits: 64-bit division
// is a long instruction sequence on the GPU and dominated this kernel).
template <typename T, typename I>
__global__ void Pool2dNchwKernel(const T* __restrict__ x, T* __restrict__ y, PoolParams p) {
  const I total = static_cast<I>(p.total), oh = static_cast<I>(p.oh), ow = static_cast<I>(p.ow);
  const I h = static_cast<I>(p.h), w = static_cast<I>(p.w);
  const I step = static_cast<I>(gridDim.x) * blockDim.x;
  for (I idx = static_cast<I>(blockIdx.x) * blockDim.x + threadIdx.x; idx < total; idx += step) {
    const I j = idx % ow;
    I t = idx / ow;
    const I i = t % oh;
    const I plane = t / oh;  // n * C + c
    I hs, he, ws, we;
    WindowBounds<I>(i, h, oh, static_cast<I>(p.kh), static_cast<I>(p.sh), static_cast<I>(p.pad_top), p.adaptive, &hs,
                    &he);
    WindowBounds<I>(j, w, ow, static_cast<I>(p.kw), static_cast<I>(p.sw), static_cast<I>(p.pad_left), p.adaptive, &ws,
                    &we);
    StoreF(y, idx, PoolWindow<T, I>(x + plane * h * w, hs, he, ws, we, w, 1, p));
  }
}

// x [N,H,W,C] -> y [N,OH,OW,C]; neighbouring threads take neighbouring channels (coalesced).
template <typename T, typename I>
__global__ void Pool2dNhwcKernel(const T* __restrict__ x, T* __restrict__ y, PoolParams p) {
  const I total = static_cast<I>(p.total), oh = static_cast<I>(p.oh), ow = static_cast<I>(p.ow);
  const I h = static_cast<I>(p.h), w = static_cast<I>(p.w), ch = static_cast<I>(p.c);
  const I step = static_cast<I>(gridDim.x) * blockDim.x;
  for (I idx = static_cast<I>(blockIdx.x) * blockDim.x + threadIdx.x; idx < total; idx += step) {
    const I c = idx % ch;
    I t = idx / ch;
    const I j = t % ow;
    t /= ow;
    const I i = t % oh;
    const I n = t / oh;
    I hs, he, ws, we;
    WindowBounds<I>(i, h, oh, static_cast<I>(p.kh), static_cast<I>(p.sh), static_cast<I>(p.pad_top), p.adaptive, &hs,
                    &he);
    WindowBounds<I>(j, w, ow, static_cast<I>(p.kw), static_cast<I>(p.sw), static_cast<I>(p.pad_left), p.adaptive, &ws,
                    &we);
    StoreF(y, idx, PoolWindow<T, I>(x + n * h * w * ch + c, hs, he, ws, we, w * ch, ch, p));
  }
}

// f16 NHWC with C % 8 == 0: one thread per 8 neighbouring channels of one output pixel, 16-byte
// loads and stores; per channel the window is visited in the same order as the scalar kernels,
// so the results are identical, with an eighth of the index arithmetic and wide memory accesses.
template <typename I>
__global__ void Pool2dNhwcHalf8Kernel(const uint4* __restrict__ x, uint4* __restrict__ y, PoolParams p) {
  const I c8 = static_cast<I>(p.c / 8), oh = static_cast<I>(p.oh), ow = static_cast<I>(p.ow);
  const I h = static_cast<I>(p.h), w = static_cast<I>(p.w);
  const I total = static_cast<I>(p.total / 8);
  const I step = static_cast<I>(gridDim.x) * blockDim.x;
  for (I idx = static_cast<I>(blockIdx.x) * blockDim.x + threadIdx.x; idx < total; idx += step) {
    const I cv = idx % c8;
    I t = idx / c8;
    const I j = t % ow;
    t /= ow;
    const I i = t % oh;
    const I n = t / oh;
    I hs, he, ws, we;
    WindowBounds<I>(i, h, oh, static_cast<I>(p.kh), static_cast<I>(p.sh), static_cast<I>(p.pad_top), p.adaptive, &hs,
                    &he);
    WindowBounds<I>(j, w, ow, static_cast<I>(p.kw), static_cast<I>(p.sw), static_cast<I>(p.pad_left), p.adaptive, &ws,
                    &we);
    const I count = (he - hs) * (we - ws);
    float acc[8];
    for (int k = 0; k < 8; ++k) acc[k] = p.is_max ? -CUDART_INF_F : 0.0f;
    const uint4* base = x + n * h * w * c8 + cv;
    for (I r = hs; r < he; ++r) {
      for (I q = ws; q < we; ++q) {
        const uint4 v = base[(r * w + q) * c8];
        const __half2* hv = reinterpret_cast<const __half2*>(&v);
        for (int k = 0; k < 4; ++k) {
          const float2 f = __half22float2(hv[k]);
          if (p.is_max) {
            acc[2 * k] = acc[2 * k] < f.x ? f.x : acc[2 * k];
            acc[2 * k + 1] = acc[2 * k + 1] < f.y ? f.y : acc[2 * k + 1];
          } else {
            acc[2 * k] += f.x;
            acc[2 * k + 1] += f.y;
          }
        }
      }
    }
    uint4 out;
    __half2* ho = reinterpret_cast<__half2*>(&out);
    const float div = p.exclusive ? static_cast<float>(count) : static_cast<float>(p.kh * p.kw);
    for (int k = 0; k < 4; ++k) {
      float a = acc[2 * k], b = acc[2 * k + 1];
      if (count <= 0) {
        a = 0.0f;
        b = 0.0f;
      } else if (!p.is_max) {
        a /= div;
        b /= div;
      }
      ho[k] = __floats2half2_rn(a, b);
    }
    y[idx] = out;
  }
}

template <typename T>
void Launch(cudaStream_t stream, const void* x, void* y, const PoolParams& p, bool channels_last) {
  constexpr int kBlock = 256;
  const unsigned grid = GridFor(p.total, kBlock);
  // 32-bit indices when the input, the output and the grid stride all stay below 2^31.
  const int64_t input_elems = p.total / (p.oh * p.ow > 0 ? p.oh * p.ow : 1) * p.h * p.w;
  const bool small = p.total < (int64_t{1} << 30) && input_elems < (int64_t{1} << 30);
  const bool half8 = std::is_same<T, __half>::value && channels_last && p.c % 8 == 0 &&
                     reinterpret_cast<uintptr_t>(x) % 16 == 0 && reinterpret_cast<uintptr_t>(y) % 16 == 0;
  if (half8) {
    const unsigned grid8 = GridFor(p.total / 8, kBlock);
    if (small) {
      Pool2dNhwcHalf8Kernel<int32_t><<<grid8, kBlock, 0, stream>>>(static_cast<const uint4*>(x), static_cast<uint4*>(y), p);
    } else {
      Pool2dNhwcHalf8Kernel<int64_t><<<grid8, kBlock, 0, stream>>>(static_cast<const uint4*>(x), static_cast<uint4*>(y), p);
    }
  } else if (channels_last) {
    if (small) {
      Pool2dNhwcKernel<T, int32_t><<<grid, kBlock, 0, stream>>>(static_cast<const T*>(x), static_cast<T*>(y), p);
    } else {
      Pool2dNhwcKernel<T, int64_t><<<grid, kBlock, 0, stream>>>(static_cast<const T*>(x), static_cast<T*>(y), p);
    }
  } else if (small) {
    Pool2dNchwKernel<T, int32_t><<<grid, kBlock, 0, stream>>>(static_cast<const T*>(x), static_cast<T*>(y), p);
  } else {
    Pool2dNchwKernel<T, int64_t><<<grid, kBlock, 0, stream>>>(static_cast<const T*>(x), static_cast<T*>(y), p);
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
