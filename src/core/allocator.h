// Memory blocks: 64-byte aligned host memory, or device memory handed in by a device allocator
// (core knows no CUDA: a device buffer comes with the function that gives it back).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "core/device.h"

namespace oar {

constexpr size_t kCpuAlignment = 64;

/// A block of aligned host memory owned by a shared_ptr. Zero-sized buffers hold no memory.
class Buffer {
 public:
  explicit Buffer(size_t nbytes);
  /// Wraps memory owned elsewhere (not freed here); the caller keeps it alive.
  Buffer(void* external, size_t nbytes);
  /// Owns `data` on `device`: `release(data)` runs when the buffer dies (a device allocator's free,
  /// or its cache); without `release` the memory is borrowed (the caller keeps it alive). Host
  /// code must not dereference data() of a non-CPU buffer.
  Buffer(void* data, size_t nbytes, Device device, std::function<void(void*)> release);
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  void* data() const { return data_; }
  size_t size() const { return size_; }
  bool owned() const { return owned_; }
  const Device& device() const { return device_; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
  bool owned_ = true;
  Device device_;
  std::function<void(void*)> release_;  // set for device memory
};

/// Allocates nbytes with kCpuAlignment; aborts on failure (out of host memory is not recoverable here).
std::shared_ptr<Buffer> AllocateBuffer(size_t nbytes);

}  // namespace oar
