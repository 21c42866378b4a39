#include "core/tensor.h"

#include "core/status.h"

namespace oar {

Tensor::Tensor(DType dtype, Shape shape) : dtype_(dtype), shape_(std::move(shape)) {
  OAR_CHECK_MSG(shape_.IsStatic(), "Tensor needs a static shape, got " + shape_.ToString());
  buffer_ = AllocateBuffer(nbytes());
}

Tensor::Tensor(DType dtype, Shape shape, std::shared_ptr<Buffer> buffer, size_t offset)
    : dtype_(dtype), shape_(std::move(shape)), buffer_(std::move(buffer)), offset_(offset) {
  OAR_CHECK(shape_.IsStatic());
  OAR_CHECK(!buffer_ || offset_ + nbytes() <= buffer_->size());
}

void Tensor::ReshapeInPlace(Shape shape) {
  OAR_CHECK_MSG(shape.NumElements() == numel(), "ReshapeInPlace " + shape_.ToString() + " -> " + shape.ToString());
  shape_ = std::move(shape);
}

void Tensor::Resize(DType dtype, Shape shape) {
  OAR_CHECK(shape.IsStatic());
  size_t need = static_cast<size_t>(shape.NumElements()) * DTypeSize(dtype);
  dtype_ = dtype;
  shape_ = std::move(shape);
  if (buffer_ && buffer_->owned() && buffer_->device().is_cpu() && offset_ == 0 && buffer_->size() >= need &&
      buffer_.use_count() == 1) {
    return;
  }
  buffer_ = AllocateBuffer(need);
  offset_ = 0;
}

Tensor Tensor::Clone() const {
  OAR_CHECK_MSG(is_cpu(), "Tensor::Clone of a " + device().ToString() + " tensor " + Describe());
  Tensor t(dtype_, shape_);
  if (nbytes()) std::memcpy(t.raw_data(), raw_data(), nbytes());
  return t;
}

void Tensor::Zero() {
  OAR_CHECK_MSG(is_cpu(), "Tensor::Zero of a " + device().ToString() + " tensor " + Describe());
  if (nbytes()) std::memset(raw_data(), 0, nbytes());
}

std::string Tensor::Describe() const { return std::string(DTypeName(dtype_)) + shape_.ToString(); }

int64_t Tensor::GetInt(int64_t i) const {
  switch (dtype_) {
    case DType::kInt64: return data<int64_t>()[i];
    case DType::kInt32: return data<int32_t>()[i];
    case DType::kInt16: return data<int16_t>()[i];
    case DType::kInt8: return data<int8_t>()[i];
    case DType::kUInt8: return data<uint8_t>()[i];
    case DType::kBool: return data<bool>()[i] ? 1 : 0;
    default: return static_cast<int64_t>(GetDouble(i));
  }
}

double Tensor::GetDouble(int64_t i) const {
  switch (dtype_) {
    case DType::kFloat32: return data<float>()[i];
    case DType::kFloat64: return data<double>()[i];
    case DType::kFloat16: return HalfToFloat(data<uint16_t>()[i]);
    case DType::kBFloat16: return BFloat16ToFloat(data<uint16_t>()[i]);
    default: return static_cast<double>(GetInt(i));
  }
}

}  // namespace oar
