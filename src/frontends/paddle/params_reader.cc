#include "frontends/paddle/params_reader.h"

#include <cstring>
#include <fstream>
#include <limits>

namespace oar::frontends::paddle {

namespace {

constexpr const char* kComponent = "paddle frontend: ";
// Weights never carry LoD; a record claiming more levels than this is garbage.
constexpr uint64_t kMaxLodLevels = 16;

std::string DescribeTensor(DType dtype, const std::vector<int64_t>& dims) {
  return std::string(DTypeName(dtype)) + Shape(dims).ToString();
}

Status Truncated(const std::string& what, const std::string& part, uint64_t expected, uint64_t available) {
  return InvalidGraph(std::string(kComponent) + what + ": truncated while reading the " + part + ": expected " +
                      std::to_string(expected) + " bytes, only " + std::to_string(available) + " available");
}

Status ReadBytes(std::istream& in, uint64_t* available, void* dst, uint64_t n, const std::string& what,
                 const std::string& part) {
  if (n > *available) return Truncated(what, part, n, *available);
  in.read(static_cast<char*>(dst), static_cast<std::streamsize>(n));
  if (static_cast<uint64_t>(in.gcount()) != n) {
    return Truncated(what, part, n, static_cast<uint64_t>(in.gcount()));
  }
  *available -= n;
  return Status::OK();
}

template <typename T>
Status ReadPod(std::istream& in, uint64_t* available, T* value, const std::string& what, const std::string& part) {
  // Paddle writes the host's bytes; every file seen comes from a little-endian host, as are we.
  return ReadBytes(in, available, value, sizeof(T), what, part);
}

template <typename T>
void AppendPod(T value, std::string* out) {
  char buf[sizeof(T)];
  std::memcpy(buf, &value, sizeof(T));
  out->append(buf, sizeof(T));
}

int PaddleCodeOf(DType dtype) {
  switch (dtype) {
    case DType::kBool: return proto::VarType::BOOL;
    case DType::kInt16: return proto::VarType::INT16;
    case DType::kInt32: return proto::VarType::INT32;
    case DType::kInt64: return proto::VarType::INT64;
    case DType::kFloat16: return proto::VarType::FP16;
    case DType::kFloat32: return proto::VarType::FP32;
    case DType::kFloat64: return proto::VarType::FP64;
    case DType::kUInt8: return proto::VarType::UINT8;
    case DType::kInt8: return proto::VarType::INT8;
    case DType::kBFloat16: return proto::VarType::BF16;
    case DType::kUndefined: break;
  }
  return proto::VarType::FP32;
}

Tensor WidenToFloat32(const Tensor& t) {
  Tensor out(DType::kFloat32, t.shape());
  const uint16_t* src = t.data<uint16_t>();
  float* dst = out.data<float>();
  bool half = t.dtype() == DType::kFloat16;
  for (int64_t i = 0; i < t.numel(); ++i) dst[i] = half ? HalfToFloat(src[i]) : BFloat16ToFloat(src[i]);
  return out;
}

StatusOr<uint64_t> OpenForReading(const std::string& path, std::ifstream* in) {
  in->open(path, std::ios::binary);
  if (!*in) return NotFound(std::string(kComponent) + "cannot open params file '" + path + "'");
  in->seekg(0, std::ios::end);
  std::streamoff size = in->tellg();
  in->seekg(0, std::ios::beg);
  if (size < 0 || !*in) return NotFound(std::string(kComponent) + "cannot read params file '" + path + "'");
  return static_cast<uint64_t>(size);
}

}  // namespace

StatusOr<Tensor> ReadTensorRecord(std::istream& in, uint64_t* available, const std::string& what) {
  uint32_t lod_version = 0;
  OAR_RETURN_IF_ERROR(ReadPod(in, available, &lod_version, what, "LoD tensor version"));
  if (lod_version != 0) {
    return InvalidGraph(std::string(kComponent) + what + ": expected LoD tensor version 0, got " +
                        std::to_string(lod_version) + " (not a Paddle tensor record, or the file is misaligned)");
  }
  uint64_t lod_levels = 0;
  OAR_RETURN_IF_ERROR(ReadPod(in, available, &lod_levels, what, "LoD level count"));
  if (lod_levels > kMaxLodLevels) {
    return InvalidGraph(std::string(kComponent) + what + ": implausible LoD level count " + std::to_string(lod_levels) +
                        " (corrupt record)");
  }
  for (uint64_t level = 0; level < lod_levels; ++level) {
    uint64_t nbytes = 0;
    OAR_RETURN_IF_ERROR(ReadPod(in, available, &nbytes, what, "LoD level size"));
    if (nbytes > *available) return Truncated(what, "LoD offsets", nbytes, *available);
    in.ignore(static_cast<std::streamsize>(nbytes));
    *available -= nbytes;
  }
  uint32_t tensor_version = 0;
  OAR_RETURN_IF_ERROR(ReadPod(in, available, &tensor_version, what, "tensor version"));
  if (tensor_version != 0) {
    return InvalidGraph(std::string(kComponent) + what + ": expected tensor version 0, got " +
                        std::to_string(tensor_version) + " (corrupt record)");
  }
  int32_t desc_size = 0;
  OAR_RETURN_IF_ERROR(ReadPod(in, available, &desc_size, what, "TensorDesc size"));
  if (desc_size < 0) {
    return InvalidGraph(std::string(kComponent) + what + ": negative TensorDesc size " + std::to_string(desc_size));
  }
  std::string desc_bytes(static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(desc_size), *available)), '\0');
  OAR_RETURN_IF_ERROR(
      ReadBytes(in, available, desc_bytes.data(), static_cast<uint64_t>(desc_size), what, "TensorDesc"));
  proto::VarType::TensorDesc desc;
  if (!desc.ParsePartialFromString(desc_bytes) || !desc.IsInitialized()) {
    return InvalidGraph(std::string(kComponent) + what + ": cannot parse the TensorDesc of the record (" +
                        std::to_string(desc_size) + " bytes; corrupt record)");
  }
  DType dtype;
  if (!PaddleDTypeToDType(desc.data_type(), &dtype)) {
    return Unsupported(std::string(kComponent) + what + ": element type " + PaddleTypeName(desc.data_type()) +
                       " is not supported");
  }
  std::vector<int64_t> dims(desc.dims().begin(), desc.dims().end());
  const uint64_t elem = DTypeSize(dtype);
  const uint64_t limit = std::numeric_limits<uint64_t>::max() / 2 / elem;
  uint64_t numel = 1;
  for (int64_t d : dims) {
    if (d < 0) {
      return InvalidGraph(std::string(kComponent) + what + ": record has a negative dim in " + Shape(dims).ToString());
    }
    if (d != 0 && numel > limit / static_cast<uint64_t>(d)) {
      return InvalidGraph(std::string(kComponent) + what + ": record dims " + Shape(dims).ToString() +
                          " are too large (corrupt record)");
    }
    numel *= static_cast<uint64_t>(d);
  }
  const uint64_t nbytes = numel * elem;
  if (nbytes > *available) {
    return Truncated(what, "data of " + DescribeTensor(dtype, dims), nbytes, *available);
  }
  Tensor tensor(dtype, Shape(dims));
  OAR_RETURN_IF_ERROR(ReadBytes(in, available, tensor.raw_data(), nbytes, what, "data"));
  return tensor;
}

void WriteTensorRecord(const Tensor& tensor, std::string* out) {
  proto::VarType::TensorDesc desc;
  desc.set_data_type(static_cast<proto::VarType::Type>(PaddleCodeOf(tensor.dtype())));
  for (int64_t d : tensor.shape().dims()) desc.add_dims(d);
  std::string desc_bytes = desc.SerializeAsString();
  AppendPod<uint32_t>(0, out);  // LoD tensor version
  AppendPod<uint64_t>(0, out);  // LoD levels
  AppendPod<uint32_t>(0, out);  // tensor version
  AppendPod<int32_t>(static_cast<int32_t>(desc_bytes.size()), out);
  out->append(desc_bytes);
  if (tensor.nbytes()) out->append(static_cast<const char*>(tensor.raw_data()), tensor.nbytes());
}

StatusOr<Tensor> MatchWeightSpec(Tensor tensor, const WeightSpec& spec, const std::string& where) {
  const auto& got = tensor.shape().dims();
  bool dims_ok = got.size() == spec.dims.size();
  for (size_t i = 0; dims_ok && i < got.size(); ++i) dims_ok = spec.dims[i] == -1 || spec.dims[i] == got[i];
  bool widen =
      spec.dtype == DType::kFloat32 && (tensor.dtype() == DType::kFloat16 || tensor.dtype() == DType::kBFloat16);
  if (!dims_ok || (tensor.dtype() != spec.dtype && !widen)) {
    return InvalidGraph(std::string(kComponent) + where + ": expected " + DescribeTensor(spec.dtype, spec.dims) +
                        " (declared in the program), got " + DescribeTensor(tensor.dtype(), got) +
                        " in the file; the params do not belong to this program");
  }
  if (widen) return WidenToFloat32(tensor);
  return tensor;
}

StatusOr<std::map<std::string, Tensor>> ReadCombinedParams(const std::string& path,
                                                           const std::vector<WeightSpec>& specs) {
  std::ifstream in;
  OAR_ASSIGN_OR_RETURN(uint64_t available, OpenForReading(path, &in));
  std::map<std::string, Tensor> weights;
  const std::string count = std::to_string(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    const WeightSpec& spec = specs[i];
    std::string what = "params file '" + path + "', variable '" + spec.name + "' (record " + std::to_string(i + 1) +
                       " of " + count + ")";
    OAR_ASSIGN_OR_RETURN(Tensor raw, ReadTensorRecord(in, &available, what));
    OAR_ASSIGN_OR_RETURN(Tensor t, MatchWeightSpec(std::move(raw), spec, what));
    weights.emplace(spec.name, std::move(t));
  }
  if (available != 0) {
    std::string after = specs.empty() ? "the program declares no weights"
                                      : "after the last of " + count + " records ('" + specs.back().name + "')";
    return InvalidGraph(std::string(kComponent) + "params file '" + path + "' has " + std::to_string(available) +
                        " trailing bytes " + after + "; the params do not belong to this program");
  }
  return weights;
}

StatusOr<std::map<std::string, Tensor>> ReadSeparateParams(const std::string& dir,
                                                           const std::vector<WeightSpec>& specs) {
  std::map<std::string, Tensor> weights;
  for (const WeightSpec& spec : specs) {
    const std::string path = dir + "/" + spec.name;
    std::ifstream in;
    auto size = OpenForReading(path, &in);
    if (!size.ok()) {
      return NotFound(std::string(kComponent) + "missing weight file for variable '" + spec.name + "': cannot open '" +
                      path + "' (separate-params layout: one file per persistable variable)");
    }
    uint64_t available = size.value();
    std::string what = "weight file '" + path + "' (variable '" + spec.name + "')";
    OAR_ASSIGN_OR_RETURN(Tensor raw, ReadTensorRecord(in, &available, what));
    OAR_ASSIGN_OR_RETURN(Tensor t, MatchWeightSpec(std::move(raw), spec, what));
    if (available != 0) {
      return InvalidGraph(std::string(kComponent) + what + " has " + std::to_string(available) +
                          " trailing bytes after its record (expected exactly one tensor)");
    }
    weights.emplace(spec.name, std::move(t));
  }
  return weights;
}

}  // namespace oar::frontends::paddle
