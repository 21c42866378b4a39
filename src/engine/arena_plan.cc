#include "engine/arena_plan.h"

#include <algorithm>

namespace oar::engine {

bool ArenaPlan::Fits(const std::vector<size_t>& sizes_now) const {
  if (sizes_now.size() != sizes.size()) return false;
  for (size_t v = 0; v < sizes.size(); ++v) {
    if (offsets[v] >= 0 && sizes_now[v] > sizes[v]) return false;
  }
  return true;
}

ArenaPlan PlanArena(const ir::Graph& graph, const std::vector<ir::NodeId>& order,
                    const std::vector<size_t>& value_bytes) {
  const size_t nv = static_cast<size_t>(graph.num_values());
  ArenaPlan plan;
  plan.offsets.assign(nv, -1);
  plan.sizes.assign(nv, 0);
  std::vector<char> external(nv, 0);
  for (ir::ValueId v : graph.inputs()) external[static_cast<size_t>(v)] = 1;
  for (ir::ValueId v : graph.outputs()) external[static_cast<size_t>(v)] = 1;
  std::vector<int> def(nv, -1), last(nv, -1);
  for (size_t s = 0; s < order.size(); ++s) {
    const ir::Node& n = graph.node(order[s]);
    for (ir::ValueId v : n.inputs) {
      if (v != ir::kNoValue) last[static_cast<size_t>(v)] = static_cast<int>(s);
    }
    for (ir::ValueId v : n.outputs) {
      def[static_cast<size_t>(v)] = static_cast<int>(s);
      // An output nobody reads still needs its bytes while its producer runs.
      last[static_cast<size_t>(v)] = std::max(last[static_cast<size_t>(v)], static_cast<int>(s));
    }
  }
  struct Block {
    size_t offset, size;
    int last;
  };
  std::vector<Block> live;  // sorted by offset
  for (size_t s = 0; s < order.size(); ++s) {
    // Values whose last use was before step s are dead: their bytes are free for step s's outputs.
    live.erase(std::remove_if(live.begin(), live.end(), [&](const Block& b) { return b.last < static_cast<int>(s); }),
               live.end());
    for (ir::ValueId v : graph.node(order[s]).outputs) {
      const size_t vi = static_cast<size_t>(v);
      if (external[vi] || graph.value(v).is_constant()) continue;
      size_t bytes = (value_bytes[vi] + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
      if (bytes == 0) bytes = kArenaAlignment;  // distinct, valid pointers even for empty tensors
      size_t offset = 0;
      for (const Block& b : live) {
        if (offset + bytes <= b.offset) break;
        offset = std::max(offset, b.offset + b.size);
      }
      Block nb{offset, bytes, last[vi]};
      live.insert(std::upper_bound(live.begin(), live.end(), nb,
                                   [](const Block& a, const Block& b) { return a.offset < b.offset; }),
                  nb);
      plan.offsets[vi] = static_cast<int64_t>(offset);
      plan.sizes[vi] = bytes;
      plan.total_bytes = std::max(plan.total_bytes, offset + bytes);
    }
  }
  return plan;
}

}  // namespace oar::engine
