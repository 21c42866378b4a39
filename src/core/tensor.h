// Tensor: dtype + static shape + a view into a shared host Buffer. Copying a Tensor shares memory.
#pragma once

#include <cstring>
#include <memory>
#include <string>

#include "core/allocator.h"
#include "core/dtype.h"
#include "core/shape.h"

namespace oar {

class Tensor {
 public:
  Tensor() = default;
  /// Allocates (uninitialised) memory for a static shape.
  Tensor(DType dtype, Shape shape);
  /// Views an existing buffer (no copy). offset in bytes.
  Tensor(DType dtype, Shape shape, std::shared_ptr<Buffer> buffer, size_t offset = 0);

  DType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  int64_t numel() const { return shape_.NumElements(); }
  size_t nbytes() const { return static_cast<size_t>(numel()) * DTypeSize(dtype_); }
  bool defined() const { return dtype_ != DType::kUndefined; }
  const std::shared_ptr<Buffer>& buffer() const { return buffer_; }
  /// Where the data lives (the host for a tensor without memory).
  Device device() const { return buffer_ ? buffer_->device() : Device::Cpu(); }
  bool is_cpu() const { return device().is_cpu(); }
  size_t offset() const { return offset_; }

  void* raw_data() { return buffer_ ? static_cast<char*>(buffer_->data()) + offset_ : nullptr; }
  const void* raw_data() const { return buffer_ ? static_cast<const char*>(buffer_->data()) + offset_ : nullptr; }
  template <typename T>
  T* data() { return static_cast<T*>(raw_data()); }
  template <typename T>
  const T* data() const { return static_cast<const T*>(raw_data()); }

  /// Changes the shape keeping the same memory; the element count must stay the same.
  void ReshapeInPlace(Shape shape);
  /// Makes this tensor dtype+shape, reusing the current buffer when it is large enough and owned
  /// (a host buffer otherwise: Resize never allocates device memory).
  void Resize(DType dtype, Shape shape);
  /// Deep copy (host tensors only; device copies go through the CUDA runtime).
  Tensor Clone() const;
  /// Fills with zero bytes (host tensors only).
  void Zero();
  /// "f32[1,3,224,224]"
  std::string Describe() const;

  /// Scalar helpers for small index/shape tensors: element i read as int64 / double (any dtype).
  int64_t GetInt(int64_t i) const;
  double GetDouble(int64_t i) const;

 private:
  DType dtype_ = DType::kUndefined;
  Shape shape_;
  std::shared_ptr<Buffer> buffer_;
  size_t offset_ = 0;
};

/// A new tensor with the given values (copied).
template <typename T>
Tensor MakeTensor(Shape shape, const T* values) {
  Tensor t(DTypeOf<T>::value, std::move(shape));
  if (t.nbytes()) std::memcpy(t.raw_data(), values, t.nbytes());
  return t;
}

}  // namespace oar
