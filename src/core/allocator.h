// 64-byte aligned host memory.
#pragma once

#include <cstddef>
#include <memory>

namespace oar {

constexpr size_t kCpuAlignment = 64;

/// A block of aligned host memory owned by a shared_ptr. Zero-sized buffers hold no memory.
class Buffer {
 public:
  explicit Buffer(size_t nbytes);
  /// Wraps memory owned elsewhere (not freed here); the caller keeps it alive.
  Buffer(void* external, size_t nbytes);
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  void* data() const { return data_; }
  size_t size() const { return size_; }
  bool owned() const { return owned_; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
  bool owned_ = true;
};

/// Allocates nbytes with kCpuAlignment; aborts on failure (out of host memory is not recoverable here).
std::shared_ptr<Buffer> AllocateBuffer(size_t nbytes);

}  // namespace oar
