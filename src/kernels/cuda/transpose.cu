// Device side of the strided copies (transpose.h): the gather kernel (32-bit index arithmetic
// when the output has fewer than 2^31 elements) and the shared-memory tiled transpose.
#include <algorithm>
#include <cstdint>

#include "kernels/cuda/cuda_kernel_util.h"
#include "kernels/cuda/transpose.h"

namespace oar::kernels::cuda {

namespace {

constexpr int kTile = 32;
constexpr int kTileRows = 8;  // threads per tile column: each thread moves kTile / kTileRows elements

struct GatherParams {
  int rank;
  int64_t total;
  int64_t offset;
  int64_t dims[kMaxCopyRank];
  int64_t strides[kMaxCopyRank];
};

template <typename U, typename I>
__global__ void StridedGatherKernel(const U* __restrict__ x, U* __restrict__ y,
                                    const __grid_constant__ GatherParams p) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t idx = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; idx < p.total; idx += step) {
    I rem = static_cast<I>(idx);
    int64_t src = p.offset;
    for (int d = p.rank - 1; d > 0; --d) {
      const I n = static_cast<I>(p.dims[d]);
      const I q = rem / n;
      src += static_cast<int64_t>(rem - q * n) * p.strides[d];
      rem = q;
    }
    src += static_cast<int64_t>(rem) * p.strides[0];
    y[idx] = x[src];
  }
}

// Batched 2-D transpose: dim A (`rows`) is contiguous in x and `dst_row_stride` apart in y, dim B
// (`cols`) is contiguous in y and `src_col_stride` apart in x; the other (outer) dims have their
// own strides in both.
struct TileParams {
  int outer_rank;
  int64_t outer_count;
  int64_t rows, cols, src_col_stride, dst_row_stride;
  int64_t src_offset;
  int64_t outer_dims[kMaxCopyRank];
  int64_t outer_src[kMaxCopyRank];
  int64_t outer_dst[kMaxCopyRank];
};

template <typename U>
__global__ void TiledTransposeKernel(const U* __restrict__ x, U* __restrict__ y, const __grid_constant__ TileParams p) {
  __shared__ U tile[kTile][kTile + 1];  // +1 column: no bank conflicts on the transposed reads
  const int64_t tiles_a = (p.rows + kTile - 1) / kTile;
  const int64_t tiles_b = (p.cols + kTile - 1) / kTile;
  const int tx = static_cast<int>(threadIdx.x), ty = static_cast<int>(threadIdx.y);
  for (int64_t o = blockIdx.z; o < p.outer_count; o += gridDim.z) {
    int64_t rem = o, src = p.src_offset, dst = 0;
    for (int d = p.outer_rank - 1; d >= 0; --d) {
      const int64_t q = rem / p.outer_dims[d];
      const int64_t i = rem - q * p.outer_dims[d];
      src += i * p.outer_src[d];
      dst += i * p.outer_dst[d];
      rem = q;
    }
    for (int64_t tb = blockIdx.y; tb < tiles_b; tb += gridDim.y) {
      for (int64_t ta = blockIdx.x; ta < tiles_a; ta += gridDim.x) {
        const int64_t a0 = ta * kTile, b0 = tb * kTile;
        // tile[b - b0][a - a0]: threads along x read consecutive A (contiguous in x).
        for (int j = ty; j < kTile; j += kTileRows) {
          const int64_t a = a0 + tx, b = b0 + j;
          if (a < p.rows && b < p.cols) tile[j][tx] = x[src + b * p.src_col_stride + a];
        }
        __syncthreads();
        // Threads along x write consecutive B (contiguous in y).
        for (int j = ty; j < kTile; j += kTileRows) {
          const int64_t b = b0 + tx, a = a0 + j;
          if (a < p.rows && b < p.cols) y[dst + a * p.dst_row_stride + b] = tile[tx][j];
        }
        __syncthreads();
      }
    }
  }
}

template <typename U>
void LaunchGather(cudaStream_t stream, const void* x, void* y, const GatherParams& p) {
  constexpr int kBlock = 256;
  const unsigned grid = GridFor(p.total, kBlock);
  const U* src = static_cast<const U*>(x);
  U* dst = static_cast<U*>(y);
  if (p.total < (int64_t{1} << 31)) {
    StridedGatherKernel<U, uint32_t><<<grid, kBlock, 0, stream>>>(src, dst, p);
  } else {
    StridedGatherKernel<U, int64_t><<<grid, kBlock, 0, stream>>>(src, dst, p);
  }
}

template <typename U>
void LaunchTiled(cudaStream_t stream, const void* x, void* y, const TileParams& p) {
  const int64_t tiles_a = (p.rows + kTile - 1) / kTile;
  const int64_t tiles_b = (p.cols + kTile - 1) / kTile;
  const dim3 grid(static_cast<unsigned>(std::min<int64_t>(tiles_a, 65535)),
                  static_cast<unsigned>(std::min<int64_t>(tiles_b, 65535)),
                  static_cast<unsigned>(std::min<int64_t>(p.outer_count, 65535)));
  TiledTransposeKernel<U><<<grid, dim3(kTile, kTileRows), 0, stream>>>(static_cast<const U*>(x), static_cast<U*>(y), p);
}

// Calls fn(U{}) for the unsigned type of `bytes` (1, 2, 4, 8 or 16 bytes).
template <typename Fn>
bool DispatchUnit(int64_t bytes, Fn&& fn) {
  switch (bytes) {
    case 1:
      fn(uint8_t{});
      return true;
    case 2:
      fn(uint16_t{});
      return true;
    case 4:
      fn(uint32_t{});
      return true;
    case 8:
      fn(uint2{});
      return true;
    case 16:
      fn(uint4{});
      return true;
    default:
      return false;
  }
}

bool Aligned(const void* p, int64_t bytes) {
  return reinterpret_cast<uintptr_t>(p) % static_cast<uintptr_t>(bytes) == 0;
}

Status Gather(cudaStream_t stream, const StridedCopyPlan& plan, const void* x, void* y, const std::string& where) {
  GatherParams p;
  p.rank = plan.rank;
  p.total = plan.total;
  p.offset = plan.offset;
  for (int d = 0; d < plan.rank; ++d) {
    p.dims[d] = plan.dims[d];
    p.strides[d] = plan.strides[d];
  }
  int64_t unit = plan.elem_size;
  const int last = plan.rank - 1;
  if (plan.strides[last] == 1) {
    // Widest vector (in elements k) that divides the inner extent, every other stride and the offset.
    for (int64_t bytes = 16; bytes > plan.elem_size; bytes /= 2) {
      if (bytes % plan.elem_size != 0) continue;
      const int64_t k = bytes / plan.elem_size;
      bool ok = plan.dims[last] % k == 0 && plan.offset % k == 0 && Aligned(x, bytes) && Aligned(y, bytes);
      for (int d = 0; ok && d < last; ++d) ok = plan.strides[d] % k == 0;
      if (!ok) continue;
      unit = bytes;
      p.dims[last] /= k;
      for (int d = 0; d < last; ++d) p.strides[d] /= k;
      p.offset /= k;
      p.total /= k;
      break;
    }
  }
  if (!DispatchUnit(unit, [&](auto tag) { LaunchGather<decltype(tag)>(stream, x, y, p); })) {
    return Internal("cuda strided copy: " + where + "unsupported element size " + std::to_string(plan.elem_size));
  }
  return ::oar::cuda::LastLaunchError(where + "strided copy (gather)");
}

Status Tiled(cudaStream_t stream, const StridedCopyPlan& plan, const void* x, void* y, const std::string& where) {
  TileParams p;
  const int q = plan.tile_dim, last = plan.rank - 1;
  int64_t dst_strides[kMaxCopyRank];
  dst_strides[last] = 1;
  for (int d = last - 1; d >= 0; --d) dst_strides[d] = dst_strides[d + 1] * plan.dims[d + 1];
  p.rows = plan.dims[q];
  p.dst_row_stride = dst_strides[q];
  p.cols = plan.dims[last];
  p.src_col_stride = plan.strides[last];
  p.src_offset = plan.offset;
  p.outer_rank = 0;
  p.outer_count = 1;
  for (int d = 0; d < last; ++d) {
    if (d == q) continue;
    p.outer_dims[p.outer_rank] = plan.dims[d];
    p.outer_src[p.outer_rank] = plan.strides[d];
    p.outer_dst[p.outer_rank] = dst_strides[d];
    p.outer_count *= plan.dims[d];
    ++p.outer_rank;
  }
  if (!DispatchUnit(plan.elem_size, [&](auto tag) { LaunchTiled<decltype(tag)>(stream, x, y, p); })) {
    return Internal("cuda strided copy: " + where + "unsupported element size " + std::to_string(plan.elem_size));
  }
  return ::oar::cuda::LastLaunchError(where + "strided copy (tiled transpose)");
}

}  // namespace

Status LaunchStridedCopy(cudaStream_t stream, const StridedCopyPlan& plan, const void* x, void* y,
                         const std::string& where) {
  switch (plan.path) {
    case StridedCopyPlan::Path::kEmpty:
      return Status::OK();
    case StridedCopyPlan::Path::kContiguous:
      OAR_CUDA_RETURN_IF_ERROR(
          cudaMemcpyAsync(y, static_cast<const char*>(x) + plan.offset * plan.elem_size,
                          static_cast<size_t>(plan.total * plan.elem_size), cudaMemcpyDeviceToDevice, stream),
          where);
      return Status::OK();
    case StridedCopyPlan::Path::kGather:
      return Gather(stream, plan, x, y, where);
    case StridedCopyPlan::Path::kTiled:
      return Tiled(stream, plan, x, y, where);
  }
  return Internal("cuda strided copy: " + where + "unknown path");
}

}  // namespace oar::kernels::cuda
