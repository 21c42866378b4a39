// numpy-broadcasting iteration plans for elementwise kernels. A plan merges adjacent dims in which
// every operand either broadcasts or not alike, so common cases collapse to one or a few dims:
// same shapes -> 1 dim, per-channel [N,C,H,W] (+) [1,C,1,1] -> 3 dims with a scalar inner row.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/shape.h"
#include "core/status.h"

namespace oar::kernels::cpu {

/// Collapsed ranks above this are refused (Prepare reports it); real models stay far below.
constexpr int kMaxBroadcastRank = 16;

/// Plan for y[out] = f(a[...], b[...]) over a contiguous output.
struct BroadcastPlan {
  std::vector<int64_t> dims;      // collapsed output dims (at least one)
  std::vector<int64_t> stride_a;  // element stride of operand a per collapsed dim (0 = broadcast)
  std::vector<int64_t> stride_b;
  int64_t total = 0;  // output elements
};

/// Builds the plan of `a` and `b` broadcast to `out` (which must be their broadcast shape).
Status MakeBroadcastPlan(const Shape& a, const Shape& b, const Shape& out, BroadcastPlan* plan);

/// Calls row(out_offset, a_offset, b_offset, n) for the output elements [begin, end), split into
/// runs along the innermost collapsed dim. Within a run operand a advances by
/// plan.stride_a.back() (0 or 1) per element, b likewise.
template <typename RowFn>
void ForEachRow(const BroadcastPlan& p, int64_t begin, int64_t end, RowFn&& row) {
  const int k = static_cast<int>(p.dims.size());
  const int64_t n = p.dims[static_cast<size_t>(k - 1)];
  const int64_t sa = p.stride_a[static_cast<size_t>(k - 1)];
  const int64_t sb = p.stride_b[static_cast<size_t>(k - 1)];
  int64_t idx[kMaxBroadcastRank];
  int64_t r = begin / n;
  int64_t col = begin % n;
  int64_t off_a = 0, off_b = 0;
  for (int d = k - 2; d >= 0; --d) {
    const int64_t dim = p.dims[static_cast<size_t>(d)];
    idx[d] = r % dim;
    r /= dim;
    off_a += idx[d] * p.stride_a[static_cast<size_t>(d)];
    off_b += idx[d] * p.stride_b[static_cast<size_t>(d)];
  }
  int64_t pos = begin;
  while (pos < end) {
    const int64_t len = std::min(n - col, end - pos);
    row(pos, off_a + col * sa, off_b + col * sb, len);
    pos += len;
    col = 0;
    for (int d = k - 2; d >= 0; --d) {
      const int64_t dim = p.dims[static_cast<size_t>(d)];
      off_a += p.stride_a[static_cast<size_t>(d)];
      off_b += p.stride_b[static_cast<size_t>(d)];
      if (++idx[d] < dim) break;
      idx[d] = 0;
      off_a -= dim * p.stride_a[static_cast<size_t>(d)];
      off_b -= dim * p.stride_b[static_cast<size_t>(d)];
    }
  }
}

}  // namespace oar::kernels::cpu
