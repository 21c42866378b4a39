// Pad device code: one thread per output element; each output coordinate maps to an input
// coordinate (or to the constant) independently per dim.
#include "kernels/cuda/cuda_kernel_util.h"
#include "kernels/cuda/pad.h"

namespace oar::kernels::cuda {

namespace {

struct PadParams {
  int rank;
  int type;  // ir::PadType
  float value;
  int64_t total;
  int64_t in_dims[kMaxPadRank];
  int64_t out_dims[kMaxPadRank];
  int64_t begin[kMaxPadRank];
  int64_t in_strides[kMaxPadRank];
};

// Input index that (output index - leading pad) `i` reads along a dim of size n; -1 = the constant.
__device__ __forceinline__ int64_t SourceIndex(int64_t i, int64_t n, int type) {
  if (i >= 0 && i < n) return i;
  if (n <= 0 || type == static_cast<int>(ir::PadType::kConstant)) return -1;
  if (type == static_cast<int>(ir::PadType::kEdge)) return i < 0 ? 0 : n - 1;
  if (n == 1) return 0;  // reflect
  const int64_t period = 2 * (n - 1);
  const int64_t r = (i < 0 ? -i : i) % period;
  return r < n ? r : period - r;
}

template <typename T>
__global__ void PadKernel(const T* __restrict__ x, T* __restrict__ y, const __grid_constant__ PadParams p) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t idx = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; idx < p.total; idx += step) {
    int64_t rem = idx, src = 0;
    bool constant = false;
    for (int d = p.rank - 1; d >= 0; --d) {
      const int64_t q = rem / p.out_dims[d];
      const int64_t s = SourceIndex(rem - q * p.out_dims[d] - p.begin[d], p.in_dims[d], p.type);
      rem = q;
      if (s < 0) {
        constant = true;
        break;
      }
      src += s * p.in_strides[d];
    }
    StoreF(y, idx, constant ? p.value : LoadF(x, src));
  }
}

}  // namespace

Status LaunchPad(cudaStream_t stream, DType dtype, const void* x, void* y, const PadGeometry& geo,
                 const std::string& where) {
  if (!IsCudaFloat(dtype)) {
    return Unsupported("cuda pad: " + where + "dtype " + DTypeName(dtype) + " is not supported (expected f32 or f16)");
  }
  if (geo.rank < 0 || geo.rank > kMaxPadRank) {
    return Unsupported("cuda pad: " + where + "rank " + std::to_string(geo.rank) + " is above " +
                       std::to_string(kMaxPadRank));
  }
  PadParams p;
  p.rank = geo.rank;
  p.type = static_cast<int>(geo.type);
  p.value = geo.value;
  p.total = 1;
  for (int d = 0; d < geo.rank; ++d) {
    p.in_dims[d] = geo.in_dims[d];
    p.out_dims[d] = geo.out_dims[d];
    p.begin[d] = geo.begin[d];
    p.total *= geo.out_dims[d];
  }
  for (int d = geo.rank - 1; d >= 0; --d)
    p.in_strides[d] = d == geo.rank - 1 ? 1 : p.in_strides[d + 1] * p.in_dims[d + 1];
  if (p.total == 0) return Status::OK();
  constexpr int kBlock = 256;
  const unsigned grid = GridFor(p.total, kBlock);
  if (dtype == DType::kFloat32) {
    PadKernel<float><<<grid, kBlock, 0, stream>>>(static_cast<const float*>(x), static_cast<float*>(y), p);
  } else {
    PadKernel<__half><<<grid, kBlock, 0, stream>>>(static_cast<const __half*>(x), static_cast<__half*>(y), p);
  }
  return ::oar::cuda::LastLaunchError(where + "pad");
}

}  // namespace oar::kernels::cuda
