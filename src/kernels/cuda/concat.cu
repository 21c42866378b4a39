// The chunk copy behind Concat, Stack and Split: grid.y picks the piece, grid.x strides over the
// piece's elements, so reads and writes of one piece are both contiguous runs of its chunk.
#include <algorithm>
#include <cstdint>

#include "kernels/cuda/concat.h"
#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

namespace {

struct ChunkParams {
  char* whole;
  int64_t outer;
  int64_t row;  // units per outer index of the whole
  void* data[kMaxChunkPieces];
  int64_t chunk[kMaxChunkPieces];   // units per outer index of each piece
  int64_t offset[kMaxChunkPieces];  // column offset of each piece in the whole, in units
};

// __grid_constant__ lets the piece arrays be indexed by blockIdx.y straight from parameter
// memory (no per-thread copy).
template <typename U, bool kGather>
__global__ void ChunkCopyKernel(const __grid_constant__ ChunkParams p) {
  const int piece = static_cast<int>(blockIdx.y);
  const int64_t chunk = p.chunk[piece];
  const int64_t offset = p.offset[piece];
  const int64_t n = chunk * p.outer;
  U* whole = reinterpret_cast<U*>(p.whole);
  U* part = static_cast<U*>(p.data[piece]);
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t e = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; e < n; e += step) {
    const int64_t o = e / chunk;
    const int64_t w = o * p.row + offset + (e - o * chunk);
    if (kGather) {
      whole[w] = part[e];
    } else {
      part[e] = whole[w];
    }
  }
}

template <typename U>
void LaunchUnit(cudaStream_t stream, const ChunkParams& p, int pieces, int64_t max_units, bool gather) {
  constexpr int kBlock = 256;
  const dim3 grid(GridFor(max_units, kBlock), static_cast<unsigned>(pieces));
  if (gather) {
    ChunkCopyKernel<U, true><<<grid, kBlock, 0, stream>>>(p);
  } else {
    ChunkCopyKernel<U, false><<<grid, kBlock, 0, stream>>>(p);
  }
}

bool Divides(int64_t unit, int64_t v) { return v % unit == 0; }

}  // namespace

Status LaunchChunkCopy(cudaStream_t stream, void* whole, int64_t outer, int64_t row_bytes,
                       const std::vector<ChunkPiece>& pieces, bool gather, const std::string& where) {
  if (outer == 0 || row_bytes == 0) return Status::OK();
  // The widest unit every size, offset and pointer is a multiple of.
  int64_t unit = 16;
  auto fit = [&](int64_t v) {
    while (unit > 1 && !Divides(unit, v)) unit /= 2;
  };
  fit(row_bytes);
  fit(static_cast<int64_t>(reinterpret_cast<uintptr_t>(whole) % 16));
  for (const ChunkPiece& pc : pieces) {
    if (pc.chunk_bytes == 0) continue;
    if (pc.chunk_bytes < 0 || pc.offset_bytes < 0 || pc.offset_bytes + pc.chunk_bytes > row_bytes) {
      return Internal("cuda chunk copy: " + where + "piece of " + std::to_string(pc.chunk_bytes) + " bytes at offset " +
                      std::to_string(pc.offset_bytes) + " does not fit a row of " + std::to_string(row_bytes) +
                      " bytes");
    }
    fit(pc.chunk_bytes);
    fit(pc.offset_bytes);
    fit(static_cast<int64_t>(reinterpret_cast<uintptr_t>(pc.data) % 16));
  }
  ChunkParams p;
  p.whole = static_cast<char*>(whole);
  p.outer = outer;
  p.row = row_bytes / unit;
  size_t next = 0;
  while (next < pieces.size()) {
    int count = 0;
    int64_t max_units = 0;
    for (; next < pieces.size() && count < kMaxChunkPieces; ++next) {
      const ChunkPiece& pc = pieces[next];
      if (pc.chunk_bytes == 0) continue;
      p.data[count] = pc.data;
      p.chunk[count] = pc.chunk_bytes / unit;
      p.offset[count] = pc.offset_bytes / unit;
      max_units = std::max(max_units, p.chunk[count] * outer);
      ++count;
    }
    if (count == 0) break;
    switch (unit) {
      case 16:
        LaunchUnit<uint4>(stream, p, count, max_units, gather);
        break;
      case 8:
        LaunchUnit<uint2>(stream, p, count, max_units, gather);
        break;
      case 4:
        LaunchUnit<uint32_t>(stream, p, count, max_units, gather);
        break;
      case 2:
        LaunchUnit<uint16_t>(stream, p, count, max_units, gather);
        break;
      default:
        LaunchUnit<uint8_t>(stream, p, count, max_units, gather);
        break;
    }
    OAR_RETURN_IF_ERROR(::oar::cuda::LastLaunchError(where + (gather ? "concat copy" : "split copy")));
  }
  return Status::OK();
}

}  // namespace oar::kernels::cuda
