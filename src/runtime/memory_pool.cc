#include "runtime/memory_pool.h"

#include <algorithm>

namespace oar::runtime {

std::shared_ptr<Buffer> MemoryPool::Acquire(size_t nbytes) {
  live_bytes_ += nbytes;
  stats_.peak_live_bytes = std::max(stats_.peak_live_bytes, live_bytes_);
  // Best fit among free buffers not more than 2x too large (so one huge buffer is not pinned
  // by a tiny value); in no-reuse mode the free list only holds the previous run's buffers.
  auto it = free_.lower_bound(nbytes);
  if (it != free_.end() && (it->first <= 2 * nbytes + 4096)) {
    auto buf = it->second;
    free_.erase(it);
    return buf;
  }
  auto buf = allocate_ ? allocate_(nbytes) : AllocateBuffer(nbytes);
  all_.push_back(buf);
  stats_.pool_bytes += nbytes;
  stats_.num_buffers = all_.size();
  return buf;
}

void MemoryPool::Release(std::shared_ptr<Buffer> buffer, size_t live_bytes) {
  live_bytes_ -= std::min(live_bytes_, live_bytes);
  if (reuse_ && buffer) free_.emplace(buffer->size(), std::move(buffer));
}

void MemoryPool::BeginRun() {
  free_.clear();
  live_bytes_ = 0;
  for (auto& b : all_) free_.emplace(b->size(), b);
}

void MemoryPool::NoteLive(size_t live_bytes) {
  stats_.peak_live_bytes = std::max(stats_.peak_live_bytes, live_bytes);
}

}  // namespace oar::runtime
