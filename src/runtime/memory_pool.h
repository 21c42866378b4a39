// Activation memory for the native executor. With reuse on (EnableMemoryOptim), a buffer
// goes back to a free list when the last consumer of its value has run and is handed to the
// next value that fits (best fit), so memory follows liveness. With reuse off every value
// keeps its own buffer. Buffers are kept across runs: once warmed up, Run() allocates nothing.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "core/allocator.h"

namespace oar::runtime {

struct MemoryStats {
  size_t pool_bytes = 0;       // total capacity of all buffers the pool owns
  size_t peak_live_bytes = 0;  // largest sum of simultaneously live activation bytes in a run
  size_t num_buffers = 0;
};

class MemoryPool {
 public:
  /// Allocates a fresh buffer (host memory by default; a device pool passes the CUDA allocator).
  using AllocateFn = std::function<std::shared_ptr<Buffer>(size_t)>;
  explicit MemoryPool(bool reuse, AllocateFn allocate = nullptr) : reuse_(reuse), allocate_(std::move(allocate)) {}
  /// A buffer of at least nbytes. Reuses a free one when reuse is on.
  std::shared_ptr<Buffer> Acquire(size_t nbytes);
  /// Returns a buffer to the free list (reuse on) — call when its value is dead.
  void Release(std::shared_ptr<Buffer> buffer, size_t live_bytes);
  /// Start of a run: every buffer becomes free again (values of the last run are dead).
  void BeginRun();
  void NoteLive(size_t live_bytes);
  const MemoryStats& stats() const { return stats_; }
  bool reuse() const { return reuse_; }

 private:
  bool reuse_;
  AllocateFn allocate_;
  std::multimap<size_t, std::shared_ptr<Buffer>> free_;  // capacity -> buffer
  std::vector<std::shared_ptr<Buffer>> all_;
  size_t live_bytes_ = 0;
  MemoryStats stats_;
};

}  // namespace oar::runtime
