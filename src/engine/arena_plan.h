// Static activation arena (design.md §1 "buffers assigned by liveness"): every intermediate value
// of an engine subgraph gets a fixed byte offset in one block, planned from the values' sizes and
// lifetimes (first definition .. last use in execution order). Two values share bytes only when
// their lifetimes do not overlap. Subgraph inputs (caller memory), outputs (written straight into
// the caller's tensors) and constants (weights) are not in the arena.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace oar::engine {

constexpr size_t kArenaAlignment = 64;

struct ArenaPlan {
  /// Per value id of the subgraph: byte offset in the arena, or -1 when the value is not there.
  std::vector<int64_t> offsets;
  /// Per value id: the bytes planned for it (0 when not in the arena).
  std::vector<size_t> sizes;
  /// Size of the whole arena.
  size_t total_bytes = 0;

  /// True when every arena value's size in `sizes_now` fits the bytes planned for it, so the
  /// offsets stay valid (smaller shapes, e.g. a smaller batch, reuse the plan).
  bool Fits(const std::vector<size_t>& sizes_now) const;
};

/// Plans the arena for `graph` run in `order` (live node ids) with `value_bytes[v]` bytes per
/// value id. Greedy: values in order of definition, each placed at the lowest 64-byte-aligned
/// offset where it overlaps no live value (first fit over the gaps between live blocks).
ArenaPlan PlanArena(const ir::Graph& graph, const std::vector<ir::NodeId>& order,
                    const std::vector<size_t>& value_bytes);

}  // namespace oar::engine
