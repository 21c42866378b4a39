#include "core/allocator.h"

#include <cstdlib>

#include "core/status.h"

namespace oar {

Buffer::Buffer(size_t nbytes) : size_(nbytes) {
  if (nbytes == 0) return;
  size_t rounded = (nbytes + kCpuAlignment - 1) / kCpuAlignment * kCpuAlignment;
  data_ = std::aligned_alloc(kCpuAlignment, rounded);
  OAR_CHECK_MSG(data_ != nullptr, "host allocation of " + std::to_string(nbytes) + " bytes failed");
}

Buffer::Buffer(void* external, size_t nbytes) : data_(external), size_(nbytes), owned_(false) {}

Buffer::Buffer(void* data, size_t nbytes, Device device, std::function<void(void*)> release)
    : data_(data), size_(nbytes), owned_(static_cast<bool>(release)), device_(device), release_(std::move(release)) {}

Buffer::~Buffer() {
  if (release_) {
    release_(data_);
  } else if (owned_) {
    std::free(data_);
  }
}

std::shared_ptr<Buffer> AllocateBuffer(size_t nbytes) { return std::make_shared<Buffer>(nbytes); }

}  // namespace oar
