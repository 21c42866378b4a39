// Reformat device code: an elementwise f32 <-> f16 conversion, and a batched 2-D transpose
// [B][R][S] -> [B][S][R] through a float tile in shared memory (NCHW -> NHWC is B=N, R=C, S=HW;
// NHWC -> NCHW is B=N, R=HW, S=C) that converts the dtype between load and store.
#include <algorithm>

#include "kernels/cuda/cuda_kernel_util.h"
#include "kernels/cuda/reformat.h"

namespace oar::kernels::cuda {

namespace {

constexpr int kTile = 32;
constexpr int kTileRows = 8;

template <typename TI, typename TO>
__global__ void ConvertKernel(const TI* __restrict__ x, TO* __restrict__ y, int64_t count) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += step) {
    StoreF(y, i, LoadF(x, i));
  }
}

template <typename TI, typename TO>
__global__ void TransposeConvertKernel(const TI* __restrict__ x, TO* __restrict__ y, int64_t batch, int64_t rows,
                                       int64_t cols) {
  __shared__ float tile[kTile][kTile + 1];
  const int64_t tiles_r = (rows + kTile - 1) / kTile;
  const int64_t tiles_c = (cols + kTile - 1) / kTile;
  const int tx = static_cast<int>(threadIdx.x), ty = static_cast<int>(threadIdx.y);
  for (int64_t b = blockIdx.z; b < batch; b += gridDim.z) {
    const TI* src = x + b * rows * cols;
    TO* dst = y + b * rows * cols;
    for (int64_t tr = blockIdx.y; tr < tiles_r; tr += gridDim.y) {
      for (int64_t tc = blockIdx.x; tc < tiles_c; tc += gridDim.x) {
        const int64_t r0 = tr * kTile, c0 = tc * kTile;
        // tile[r - r0][c - c0]: threads along x read consecutive columns of the source.
        for (int j = ty; j < kTile; j += kTileRows) {
          const int64_t r = r0 + j, c = c0 + tx;
          if (r < rows && c < cols) tile[j][tx] = LoadF(src, r * cols + c);
        }
        __syncthreads();
        // Threads along x write consecutive rows of the source = consecutive elements of dst.
        for (int j = ty; j < kTile; j += kTileRows) {
          const int64_t c = c0 + j, r = r0 + tx;
          if (r < rows && c < cols) StoreF(dst, c * rows + r, tile[tx][j]);
        }
        __syncthreads();
      }
    }
  }
}

template <typename TI, typename TO>
void LaunchTyped(cudaStream_t stream, const void* src, void* dst, int64_t count, bool transpose, int64_t batch,
                 int64_t rows, int64_t cols) {
  const TI* x = static_cast<const TI*>(src);
  TO* y = static_cast<TO*>(dst);
  if (!transpose) {
    constexpr int kBlock = 256;
    ConvertKernel<TI, TO><<<GridFor(count, kBlock), kBlock, 0, stream>>>(x, y, count);
    return;
  }
  const dim3 grid(static_cast<unsigned>(std::min<int64_t>((cols + kTile - 1) / kTile, 65535)),
                  static_cast<unsigned>(std::min<int64_t>((rows + kTile - 1) / kTile, 65535)),
                  static_cast<unsigned>(std::min<int64_t>(batch, 65535)));
  TransposeConvertKernel<TI, TO><<<grid, dim3(kTile, kTileRows), 0, stream>>>(x, y, batch, rows, cols);
}

// Converts (and, when `transpose`, transposes [batch][rows][cols]) between the float dtypes.
Status Run(cudaStream_t stream, const void* src, DType src_dtype, void* dst, DType dst_dtype, int64_t count,
           bool transpose, int64_t batch, int64_t rows, int64_t cols, const std::string& what) {
  const bool in32 = src_dtype == DType::kFloat32, out32 = dst_dtype == DType::kFloat32;
  if (in32 && out32) {
    LaunchTyped<float, float>(stream, src, dst, count, transpose, batch, rows, cols);
  } else if (in32) {
    LaunchTyped<float, __half>(stream, src, dst, count, transpose, batch, rows, cols);
  } else if (out32) {
    LaunchTyped<__half, float>(stream, src, dst, count, transpose, batch, rows, cols);
  } else {
    LaunchTyped<__half, __half>(stream, src, dst, count, transpose, batch, rows, cols);
  }
  return ::oar::cuda::LastLaunchError(what);
}

Status CheckDTypes(const char* op, DType src_dtype, DType dst_dtype, const std::string& where) {
  if (!IsCudaFloat(src_dtype) || !IsCudaFloat(dst_dtype)) {
    return Unsupported(std::string("cuda ") + op + ": " + where + "conversion " + DTypeName(src_dtype) + " -> " +
                       DTypeName(dst_dtype) + " is not supported (expected f32 or f16 on both sides)");
  }
  return Status::OK();
}

}  // namespace

Status LaunchConvert(cudaStream_t stream, const void* src, DType src_dtype, void* dst, DType dst_dtype, int64_t count,
                     const std::string& where) {
  OAR_RETURN_IF_ERROR(CheckDTypes("convert", src_dtype, dst_dtype, where));
  if (count < 0) return InvalidArgument("cuda convert: " + where + "negative element count " + std::to_string(count));
  if (count == 0) return Status::OK();
  if (src_dtype == dst_dtype) {
    if (src == dst) return Status::OK();
    OAR_CUDA_RETURN_IF_ERROR(
        cudaMemcpyAsync(dst, src, static_cast<size_t>(count) * DTypeSize(src_dtype), cudaMemcpyDeviceToDevice, stream),
        where);
    return Status::OK();
  }
  return Run(stream, src, src_dtype, dst, dst_dtype, count, false, 0, 0, 0, where + "convert");
}

Status LaunchReformat(cudaStream_t stream, const void* src, DType src_dtype, bool src_channels_last, void* dst,
                      DType dst_dtype, bool dst_channels_last, int64_t n, int64_t c, int64_t h, int64_t w,
                      const std::string& where) {
  OAR_RETURN_IF_ERROR(CheckDTypes("reformat", src_dtype, dst_dtype, where));
  if (n < 0 || c < 0 || h < 0 || w < 0) {
    return InvalidArgument("cuda reformat: " + where + "invalid shape [" + std::to_string(n) + "," + std::to_string(c) +
                           "," + std::to_string(h) + "," + std::to_string(w) + "]");
  }
  const int64_t hw = h * w;
  const int64_t count = n * c * hw;
  // With one channel or one pixel both layouts are the same byte order.
  if (src_channels_last == dst_channels_last || c == 1 || hw == 1) {
    return LaunchConvert(stream, src, src_dtype, dst, dst_dtype, count, where);
  }
  if (count == 0) return Status::OK();
  if (src == dst) {
    return InvalidArgument("cuda reformat: " + where + "cannot change the layout in place (src == dst)");
  }
  const int64_t rows = src_channels_last ? hw : c;
  const int64_t cols = src_channels_last ? c : hw;
  return Run(stream, src, src_dtype, dst, dst_dtype, count, true, n, rows, cols,
             where + (src_channels_last ? "reformat NHWC -> NCHW" : "reformat NCHW -> NHWC"));
}

}  // namespace oar::kernels::cuda
