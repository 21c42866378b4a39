// Strided copies on the GPU, any element size: Transpose (transpose.cc) and Slice (slice.cc) are
// both "y (contiguous) [i_0..i_k] = x[offset + sum_d i_d * stride_d]" with per-output-dim source
// strides (a permutation of x's strides, or x's strides times the slice steps).
//
// PlanStridedCopy (in Prepare) drops size-1 dims, merges dims that stay adjacent in the source
// (NCHW -> NHWC becomes [N, HW, C] from [N, C, HW]) and picks how to copy:
//   contiguous  one cudaMemcpyAsync;
//   gather      one thread per output element (or per 2..16-byte vector when the innermost dim
//               is contiguous in both tensors and sizes/pointers allow), used when the innermost
//               dim stays innermost, or when a transposed tile would be too thin;
//   tiled       32x32 tiles through shared memory when the source's contiguous dim moves away from
//               the innermost position (e.g. last-two-dims swaps, NCHW <-> NHWC), so that reads and
//               writes are both coalesced.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "runtime/kernel.h"

namespace oar::kernels::cuda {

/// Most dims a strided copy keeps after merging.
constexpr int kMaxCopyRank = 16;

struct StridedCopyPlan {
  enum class Path { kEmpty, kContiguous, kGather, kTiled };
  Path path = Path::kEmpty;
  int64_t elem_size = 1;
  int64_t total = 0;   // output elements
  int64_t offset = 0;  // source element of output element 0
  int rank = 0;        // simplified dims
  int64_t dims[kMaxCopyRank] = {};
  int64_t strides[kMaxCopyRank] = {};  // source strides in elements, per output dim (may be negative)
  int tile_dim = -1;                   // kTiled: the dim whose source stride is 1
};

/// Plans y (contiguous, `dims`) = x[src_offset + sum_d i_d * src_strides[d]]. Unsupported (naming
/// `where`) when more than kMaxCopyRank dims remain after merging.
StatusOr<StridedCopyPlan> PlanStridedCopy(int64_t elem_size, const std::vector<int64_t>& dims,
                                          const std::vector<int64_t>& src_strides, int64_t src_offset,
                                          const std::string& where);

/// Enqueues the planned copy on `stream`. x and y must not overlap.
Status LaunchStridedCopy(cudaStream_t stream, const StridedCopyPlan& plan, const void* x, void* y,
                         const std::string& where);

/// A kernel that is one strided copy of input 0 into output 0 (Transpose, Slice): the derived
/// Prepare sets plan_ from the shapes and attributes, Run enqueues it on the context's stream.
class StridedCopyKernel : public runtime::Kernel {
 public:
  Status Run(const runtime::KernelContext& ctx) override;

 protected:
  StridedCopyPlan plan_;
};

/// Registers Transpose (any dtype).
void RegisterTransposeKernels(runtime::KernelRegistry& registry);

}  // namespace oar::kernels::cuda
