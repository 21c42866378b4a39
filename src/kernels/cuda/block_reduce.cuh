// Warp and block reductions shared by the softmax, layer_norm, reduce and arg_max kernels.
// Blocks are 1-D with a multiple of 32 threads (at most 1024). Only .cu files include this header.
#pragma once

#include <cuda_runtime.h>

namespace oar::kernels::cuda {

struct SumOp {
  template <typename T>
  __device__ __forceinline__ T operator()(T a, T b) const {
    return a + b;
  }
};

/// max with the CPU kernels' rule (`b > a ? b : a`): a NaN in `a` is kept, one in `b` ignored.
struct MaxOp {
  template <typename T>
  __device__ __forceinline__ T operator()(T a, T b) const {
    return b > a ? b : a;
  }
};

/// Every lane of the warp gets op over the 32 lanes' values.
template <typename T, typename Op>
__device__ __forceinline__ T WarpAllReduce(T v, Op op) {
#pragma unroll
  for (int offset = 16; offset > 0; offset >>= 1) v = op(v, __shfl_xor_sync(0xffffffffu, v, offset));
  return v;
}

/// Every thread of the block gets op over the block's values; `identity` fills unused slots.
/// Safe to call several times in a row (it synchronises before reusing its shared memory).
template <typename T, typename Op>
__device__ __forceinline__ T BlockAllReduce(T v, Op op, T identity) {
  __shared__ T partial[32];
  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  const int num_warps = (blockDim.x + 31) >> 5;
  v = WarpAllReduce(v, op);
  __syncthreads();  // a previous call's readers are done with `partial`
  if (lane == 0) partial[warp] = v;
  __syncthreads();
  v = lane < num_warps ? partial[lane] : identity;
  return WarpAllReduce(v, op);
}

}  // namespace oar::kernels::cuda
