// Binary elementwise ops on the GPU with numpy broadcasting: Add, Sub, Mul, Div, Max, Min, Pow
// (ir/attrs.h, kernels/cpu/binary.cc). f32 and f16 (computed in f32) for all; i32 and i64 for
// Add, Sub, Mul, Max, Min. Integer Div is not offered: the CPU kernel reports a zero divisor as an
// error, which a kernel enqueued without synchronisation cannot do.
//
// The broadcast is first collapsed (size-1 dims dropped, neighbouring dims that broadcast alike
// merged) and then run by the cheapest of three patterns: flat (equal shapes or a scalar operand,
// vectorised), per-channel (one operand full, the other varying along one collapsed dim, such as
// [N,C,H,W] with [1,C,1,1] or [C]) and general (up to kMaxBinaryDims collapsed dims).
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/shape.h"
#include "core/status.h"

namespace oar::kernels::cuda {

enum class BinaryOp { kAdd, kSub, kMul, kDiv, kMax, kMin, kPow };

/// Collapsed broadcast dims the general pattern handles; shapes up to rank 8 always fit.
constexpr int kMaxBinaryDims = 8;

struct BinaryGeometry {
  enum class Pattern { kFlat, kChannelA, kChannelB, kGeneral };
  Pattern pattern = Pattern::kFlat;
  int64_t total = 0;  // output elements
  // kFlat: each operand steps by 1 (full) or 0 (a single element).
  int64_t a_step = 1, b_step = 1;
  // kChannelA / kChannelB: that operand has `channels` elements, element i of the output reads
  // index (i / inner) % channels of it and index i of the other (full) operand.
  int64_t channels = 1, inner = 1;
  // Every pattern: collapsed output dims and per-dim element strides (0 = broadcast).
  int rank = 0;
  int64_t dims[kMaxBinaryDims] = {};
  int64_t stride_a[kMaxBinaryDims] = {};
  int64_t stride_b[kMaxBinaryDims] = {};
};

/// The geometry of y = op(a, b) with `out` the numpy broadcast of shapes a and b. kInternal when
/// they do not broadcast to `out`, kUnsupported beyond kMaxBinaryDims collapsed dims. Errors
/// start with `where`.
Status MakeBinaryGeometry(const Shape& a, const Shape& b, const Shape& out, const std::string& where,
                          BinaryGeometry* geometry);

/// y = op(a, b) of `dtype` over `geometry` (y may alias a or b when that operand is full).
/// kUnsupported for an op/dtype pair without a kernel.
Status LaunchBinary(cudaStream_t stream, DType dtype, BinaryOp op, const BinaryGeometry& geometry, const void* a,
                    const void* b, void* y, const std::string& where);

/// True when LaunchBinary has a kernel for `op` on `dtype`.
bool CudaBinarySupports(BinaryOp op, DType dtype);

}  // namespace oar::kernels::cuda
