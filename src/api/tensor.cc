#include <cstring>

#include "api/predictor_impl.h"

namespace oar::infer {

namespace {
template <typename T>
struct ApiDType;
template <> struct ApiDType<float> { static constexpr DataType value = DataType::FLOAT32; };
template <> struct ApiDType<double> { static constexpr DataType value = DataType::FLOAT64; };
template <> struct ApiDType<int8_t> { static constexpr DataType value = DataType::INT8; };
template <> struct ApiDType<uint8_t> { static constexpr DataType value = DataType::UINT8; };
template <> struct ApiDType<int32_t> { static constexpr DataType value = DataType::INT32; };
template <> struct ApiDType<int64_t> { static constexpr DataType value = DataType::INT64; };
template <> struct ApiDType<bool> { static constexpr DataType value = DataType::BOOL; };
}  // namespace

void Tensor::Reshape(const std::vector<int>& shape) {
  if (!is_input_) ThrowIfError(InvalidArgument("tensor '" + name_ + "': Reshape is only for inputs"));
  owner_->SetInputShape(index_, std::vector<int64_t>(shape.begin(), shape.end()));
}

void Tensor::ShareExternalData(const void* data, const std::vector<int64_t>& shape, DataType dtype,
                               PlaceType place) {
  if (!is_input_) ThrowIfError(InvalidArgument("tensor '" + name_ + "': ShareExternalData is only for inputs"));
  owner_->ShareInput(index_, ToCoreDType(dtype), data, shape, place == PlaceType::kGPU);
}

void Tensor::CopyFromCpuRaw(DataType dtype, const void* data, const std::vector<int64_t>& shape) {
  if (!is_input_) ThrowIfError(InvalidArgument("tensor '" + name_ + "': CopyFromCpu is only for inputs"));
  owner_->SetInputData(index_, ToCoreDType(dtype), data, &shape);
}

template <typename T>
void Tensor::CopyFromCpu(const T* data) {
  if (!is_input_) ThrowIfError(InvalidArgument("tensor '" + name_ + "': CopyFromCpu is only for inputs"));
  owner_->SetInputData(index_, ToCoreDType(ApiDType<T>::value), data, nullptr);
}

void Tensor::CopyToCpuRaw(void* data) const {
  const oar::Tensor& t = is_input_ ? owner_->InputTensor(index_) : owner_->OutputTensor(index_);
  // An input's shape() reports a Reshape() not yet filled by CopyFromCpu(): the caller sized `data` for it,
  // so copying the older (or absent) data would read or write out of bounds.
  if (is_input_ && (!t.defined() || t.shape().dims() != owner_->InputShape(index_))) {
    ThrowIfError(InvalidArgument("tensor '" + name_ + "': CopyToCpu on an input returns the data of CopyFromCpu, "
                                 "but none was copied in for shape " + Shape(owner_->InputShape(index_)).ToString()));
  }
  if (is_input_) {
    if (!t.is_cpu()) {
      ThrowIfError(InvalidArgument("tensor '" + name_ + "': the input shares GPU memory (ShareExternalData); "
                                   "read it where it lives"));
    }
    if (t.nbytes()) std::memcpy(data, t.raw_data(), t.nbytes());
    return;
  }
  owner_->CopyOutput(index_, data);
}

template <typename T>
void Tensor::CopyToCpu(T* data) const {
  DataType actual = type();
  if (actual != ApiDType<T>::value) {
    ThrowIfError(InvalidArgument("tensor '" + name_ + "': CopyToCpu with element type " +
                                 DataTypeName(ApiDType<T>::value) + ", but the tensor holds " + DataTypeName(actual)));
  }
  CopyToCpuRaw(data);
}

const void* Tensor::RawData(PlaceType* place, int64_t* numel) const {
  const oar::Tensor& t = is_input_ ? owner_->InputTensor(index_) : owner_->OutputTensor(index_);
  if (place) *place = t.is_cpu() ? PlaceType::kCPU : PlaceType::kGPU;
  if (numel) *numel = t.defined() ? t.numel() : 0;
  return t.raw_data();
}

template <typename T>
const T* Tensor::data(PlaceType* place, int64_t* numel) const {
  DataType actual = type();
  if (actual != ApiDType<T>::value) {
    ThrowIfError(InvalidArgument("tensor '" + name_ + "': data<" + std::string(DataTypeName(ApiDType<T>::value)) +
                                 ">, but the tensor holds " + DataTypeName(actual)));
  }
  return static_cast<const T*>(RawData(place, numel));
}

std::vector<int> Tensor::shape() const {
  std::vector<int64_t> dims =
      is_input_ ? owner_->InputShape(index_) : owner_->OutputTensor(index_).shape().dims();
  return std::vector<int>(dims.begin(), dims.end());
}

DataType Tensor::type() const {
  return FromCoreDType(is_input_ ? owner_->InputDType(index_) : owner_->OutputTensor(index_).dtype());
}

#define OAR_INSTANTIATE_COPY_(T)                          \
  template void Tensor::CopyFromCpu<T>(const T* data);    \
  template void Tensor::CopyToCpu<T>(T * data) const;    \
  template const T* Tensor::data<T>(PlaceType * place, int64_t * numel) const;
OAR_INSTANTIATE_COPY_(float)
OAR_INSTANTIATE_COPY_(double)
OAR_INSTANTIATE_COPY_(int8_t)
OAR_INSTANTIATE_COPY_(uint8_t)
OAR_INSTANTIATE_COPY_(int32_t)
OAR_INSTANTIATE_COPY_(int64_t)
OAR_INSTANTIATE_COPY_(bool)
#undef OAR_INSTANTIATE_COPY_

}  // namespace oar::infer
