// Concat, Stack (concat.cc) and Split (split.cc) on the GPU, any dtype. All three view the
// joined tensor ("whole") as [outer, row]: piece i (an input of Concat/Stack, an output of
// Split) is a contiguous [outer, chunk_i] tensor whose rows fill the columns
// [offset_i, offset_i + chunk_i) of the whole. LaunchChunkCopy moves every piece in one launch
// (up to kMaxChunkPieces pieces per launch), in the widest unit (up to 16 bytes) that every
// chunk, offset and pointer allows.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "runtime/kernel.h"

namespace oar::kernels::cuda {

/// Pieces moved by one kernel launch; more pieces take several launches.
constexpr int kMaxChunkPieces = 64;

/// One piece of the whole, sizes in bytes (per outer index).
struct ChunkPiece {
  void* data = nullptr;
  int64_t chunk_bytes = 0;
  int64_t offset_bytes = 0;
};

/// gather = true: pieces -> whole (Concat, Stack); false: whole -> pieces (Split). Pieces with
/// no bytes are skipped. Enqueued on `stream`; errors name `where`.
Status LaunchChunkCopy(cudaStream_t stream, void* whole, int64_t outer, int64_t row_bytes,
                       const std::vector<ChunkPiece>& pieces, bool gather, const std::string& where);

/// Registers Concat and Stack (any dtype).
void RegisterConcatKernels(runtime::KernelRegistry& registry);

}  // namespace oar::kernels::cuda
