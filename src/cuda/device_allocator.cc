#include "cuda/device_allocator.h"

#include <cuda_runtime.h>

#include <vector>

#include "core/logging.h"
#include "cuda/cuda_device.h"
#include "cuda/cuda_status.h"

namespace oar::cuda {

namespace {

constexpr size_t kSmallRound = 512;
constexpr size_t kLargeThreshold = size_t{1} << 20;
constexpr size_t kLargeRound = size_t{2} << 20;

size_t RoundSize(size_t n) {
  if (n >= kLargeThreshold) return (n + kLargeRound - 1) / kLargeRound * kLargeRound;
  return (n + kSmallRound - 1) / kSmallRound * kSmallRound;
}

// Restores the calling thread's current device when it goes out of scope.
class DeviceGuard {
 public:
  explicit DeviceGuard(int device) {
    cudaGetDevice(&previous_);
    if (previous_ != device) cudaSetDevice(device);
  }
  ~DeviceGuard() { cudaSetDevice(previous_); }

 private:
  int previous_ = 0;
};

}  // namespace

DeviceAllocator& DeviceAllocator::Get(int device_id) {
  static std::mutex mu;
  static auto* allocators = new std::map<int, DeviceAllocator*>();  // never destroyed: buffers may die at exit
  std::lock_guard<std::mutex> lock(mu);
  auto it = allocators->find(device_id);
  if (it == allocators->end()) it = allocators->emplace(device_id, new DeviceAllocator(device_id)).first;
  return *it->second;
}

StatusOr<std::shared_ptr<Buffer>> DeviceAllocator::Allocate(size_t nbytes) {
  if (nbytes == 0) return std::make_shared<Buffer>(nullptr, 0, Device::Cuda(device_), nullptr);
  const size_t rounded = RoundSize(nbytes);
  void* ptr = nullptr;
  size_t block = rounded;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = free_.lower_bound(rounded);
    if (it != free_.end() && it->first / 2 <= rounded) {
      ptr = it->second;
      block = it->first;
      free_.erase(it);
      stats_.cached_bytes -= block;
    }
  }
  if (!ptr) {
    OAR_RETURN_IF_ERROR(CheckDevice(device_));
    DeviceGuard guard(device_);
    cudaError_t e = cudaMalloc(&ptr, rounded);
    if (e != cudaSuccess) {
      cudaGetLastError();
      {
        std::lock_guard<std::mutex> lock(mu_);
        FreeCachedLocked();
      }
      e = cudaMalloc(&ptr, rounded);
    }
    if (e != cudaSuccess) {
      cudaGetLastError();
      size_t free_b = 0, total_b = 0;
      cudaMemGetInfo(&free_b, &total_b);
      std::lock_guard<std::mutex> lock(mu_);
      return OutOfMemory("cuda: allocating " + std::to_string(nbytes) + " bytes on device " +
                         std::to_string(device_) + " failed (" + cudaGetErrorString(e) + "); oar holds " +
                         std::to_string(stats_.in_use_bytes) + " bytes, the device has " + std::to_string(free_b) +
                         " of " + std::to_string(total_b) + " bytes free");
    }
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.driver_allocations;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    stats_.in_use_bytes += block;
    if (stats_.in_use_bytes > stats_.peak_in_use_bytes) stats_.peak_in_use_bytes = stats_.in_use_bytes;
  }
  return std::make_shared<Buffer>(ptr, nbytes, Device::Cuda(device_),
                                  [this, block](void* p) { Release(p, block); });
}

void DeviceAllocator::Release(void* ptr, size_t rounded) {
  std::lock_guard<std::mutex> lock(mu_);
  stats_.in_use_bytes -= rounded;
  stats_.cached_bytes += rounded;
  free_.emplace(rounded, ptr);
}

void DeviceAllocator::FreeCachedLocked() {
  if (free_.empty()) return;
  DeviceGuard guard(device_);
  cudaDeviceSynchronize();  // a cached block may still be read by queued work
  for (auto& [size, ptr] : free_) cudaFree(ptr);
  free_.clear();
  stats_.cached_bytes = 0;
}

void DeviceAllocator::EmptyCache() {
  std::lock_guard<std::mutex> lock(mu_);
  FreeCachedLocked();
}

AllocatorStats DeviceAllocator::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

std::shared_ptr<Buffer> AllocatePinned(size_t nbytes) {
  if (nbytes == 0) return AllocateBuffer(0);
  void* ptr = nullptr;
  if (DeviceCount() > 0 && cudaHostAlloc(&ptr, nbytes, cudaHostAllocDefault) == cudaSuccess) {
    return std::make_shared<Buffer>(ptr, nbytes, Device::Cpu(), [](void* p) { cudaFreeHost(p); });
  }
  cudaGetLastError();
  WarnOnce("cuda-pinned", "cuda: page-locked host memory is not available; using ordinary host memory "
                          "(host-device copies are slower)");
  return AllocateBuffer(nbytes);
}

}  // namespace oar::cuda
