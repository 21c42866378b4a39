// SliceAttrs and ResizeAttrs builders shared by the slice and resize kernel tests (reference and
// CUDA): each suite keeps its own cases, built from these.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "ir/attrs.h"

namespace oar::testing {

/// Slice of `axes` from `starts` to `ends` (exclusive) by `steps` (empty: 1), dropping
/// `decrease` axes.
inline ir::SliceAttrs SliceAttrsOf(std::vector<int64_t> axes, std::vector<int64_t> starts,
                                   std::vector<int64_t> ends, std::vector<int64_t> steps = {},
                                   std::vector<int64_t> decrease = {}) {
  ir::SliceAttrs a;
  a.axes = std::move(axes);
  a.starts = std::move(starts);
  a.ends = std::move(ends);
  a.steps = std::move(steps);
  a.decrease_axes = std::move(decrease);
  return a;
}

/// Resize to (oh, ow), or by scales (sh, sw) when the size is -1.
inline ir::ResizeAttrs ResizeAttrsOf(ir::ResizeMode mode, bool align_corners, int64_t align_mode, int64_t oh,
                                     int64_t ow, float sh = -1.0f, float sw = -1.0f) {
  ir::ResizeAttrs a;
  a.mode = mode;
  a.align_corners = align_corners;
  a.align_mode = align_mode;
  a.out_h = oh;
  a.out_w = ow;
  a.scale_h = sh;
  a.scale_w = sw;
  return a;
}

}  // namespace oar::testing
