// Pool2dAttrs builders shared by the pooling kernel tests (reference, oneDNN and CUDA): each
// suite keeps its own case table, built from these.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "ir/attrs.h"

namespace oar::testing {

/// Windowed pooling: kernel, strides and pads ({top, left, bottom, right}; ignored unless `mode`
/// is explicit).
inline ir::Pool2dAttrs Pool(ir::PoolType type, std::vector<int64_t> kernel, std::vector<int64_t> strides,
                            std::vector<int64_t> pads, bool ceil_mode = false, bool exclusive = true,
                            ir::PadMode mode = ir::PadMode::kExplicit) {
  ir::Pool2dAttrs a;
  a.type = type;
  a.kernel = std::move(kernel);
  a.strides = std::move(strides);
  a.pads = std::move(pads);
  a.ceil_mode = ceil_mode;
  a.exclusive = exclusive;
  a.pad_mode = mode;
  return a;
}

/// Pooling over the whole H x W plane.
inline ir::Pool2dAttrs GlobalPool(ir::PoolType type) {
  ir::Pool2dAttrs a;
  a.type = type;
  a.global = true;
  return a;
}

/// Adaptive pooling to an oh x ow output.
inline ir::Pool2dAttrs AdaptivePool(ir::PoolType type, int64_t oh, int64_t ow) {
  ir::Pool2dAttrs a;
  a.type = type;
  a.adaptive = true;
  a.kernel = {oh, ow};
  return a;
}

}  // namespace oar::testing
