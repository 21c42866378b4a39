// The CUDA caching allocator: device memory comes from cudaMalloc once and is kept in per-device
// free lists when a Buffer dies, so a warmed-up predictor allocates nothing from the driver.
//
// A block is reused for a request of at most its size and at least half of it (best fit). Sizes
// are rounded to 512 bytes (small) or 2 MiB (from 1 MiB up). When cudaMalloc fails, every
// cached block is returned to the driver and the allocation is tried once more; then the error
// is kOutOfMemory naming the request, the bytes in use and the device's free memory.
//
// Streams: a block returns to the cache when its last Buffer dies, without waiting for work
// queued on a stream. oar enqueues all the work of one predictor on one stream and a buffer is
// only reused by work enqueued after it on that stream, or after a synchronisation.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>

#include "core/allocator.h"
#include "core/status.h"

namespace oar::cuda {

struct AllocatorStats {
  size_t in_use_bytes = 0;    // bytes of live blocks
  size_t cached_bytes = 0;    // bytes of free blocks kept for reuse
  size_t peak_in_use_bytes = 0;
  size_t driver_allocations = 0;  // cudaMalloc calls that succeeded
};

class DeviceAllocator {
 public:
  /// The allocator of one device (created on first use, lives until the process ends).
  static DeviceAllocator& Get(int device_id);

  /// A device Buffer of at least `nbytes` (a zero-byte request gives a Buffer without memory).
  StatusOr<std::shared_ptr<Buffer>> Allocate(size_t nbytes);
  /// Returns every cached block to the driver.
  void EmptyCache();
  AllocatorStats stats() const;
  int device() const { return device_; }

 private:
  explicit DeviceAllocator(int device) : device_(device) {}
  void Release(void* ptr, size_t rounded);
  void FreeCachedLocked();

  const int device_;
  mutable std::mutex mu_;
  std::multimap<size_t, void*> free_;  // rounded size -> block
  AllocatorStats stats_;
};

/// Page-locked host memory (cudaHostAlloc) as a host Buffer: copies from and to it run at full
/// bus speed and asynchronously. Falls back to ordinary host memory (with one warning) when
/// pinning fails.
std::shared_ptr<Buffer> AllocatePinned(size_t nbytes);

}  // namespace oar::cuda
