#include "npy.h"

#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace oar::cli {

namespace {
struct NpyType {
  const char* descr;
  DType dtype;
};
const NpyType kTypes[] = {{"<f4", DType::kFloat32}, {"<f8", DType::kFloat64}, {"<f2", DType::kFloat16},
                          {"<i4", DType::kInt32},   {"<i8", DType::kInt64},   {"|i1", DType::kInt8},
                          {"|u1", DType::kUInt8},   {"<i2", DType::kInt16},   {"|b1", DType::kBool}};

std::string Field(const std::string& header, const std::string& key) {
  size_t p = header.find("'" + key + "'");
  if (p == std::string::npos) return "";
  p = header.find(':', p);
  if (p == std::string::npos) return "";
  ++p;
  while (p < header.size() && header[p] == ' ') ++p;
  if (p >= header.size()) return "";
  if (header[p] == '\'') {
    size_t e = header.find('\'', p + 1);
    return e == std::string::npos ? "" : header.substr(p + 1, e - p - 1);
  }
  if (header[p] == '(') {
    size_t e = header.find(')', p);
    return e == std::string::npos ? "" : header.substr(p, e - p + 1);
  }
  size_t e = header.find_first_of(",}", p);
  return header.substr(p, e - p);
}
}  // namespace

StatusOr<Tensor> ReadNpy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("npy: cannot open '" + path + "'");
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 10 || data.compare(0, 6, "\x93NUMPY") != 0) {
    return InvalidArgument("npy: '" + path + "' is not a .npy file (bad magic)");
  }
  int major = static_cast<unsigned char>(data[6]);
  if (major < 1 || major > 3) {
    return Unsupported("npy: '" + path + "' has format version " + std::to_string(major) + " (1, 2 and 3 are read)");
  }
  size_t header_len, offset;
  if (major == 1) {
    header_len = static_cast<unsigned char>(data[8]) | (static_cast<size_t>(static_cast<unsigned char>(data[9])) << 8);
    offset = 10;
  } else {
    if (data.size() < 12) return InvalidArgument("npy: '" + path + "' is truncated");
    uint32_t len;
    std::memcpy(&len, data.data() + 8, 4);
    header_len = len;
    offset = 12;
  }
  if (offset + header_len > data.size()) return InvalidArgument("npy: '" + path + "' header is truncated");
  std::string header = data.substr(offset, header_len);
  std::string descr = Field(header, "descr");
  std::string fortran = Field(header, "fortran_order");
  std::string shape_s = Field(header, "shape");
  if (fortran.find("True") != std::string::npos) {
    return Unsupported("npy: '" + path + "' is in Fortran order; save it with np.ascontiguousarray");
  }
  DType dtype = DType::kUndefined;
  for (const auto& t : kTypes) {
    if (descr == t.descr) dtype = t.dtype;
  }
  if (dtype == DType::kUndefined) return Unsupported("npy: '" + path + "' has unsupported dtype '" + descr + "'");
  if (shape_s.size() < 2 || shape_s.front() != '(' || shape_s.back() != ')') {
    return InvalidArgument("npy: '" + path + "': cannot read the shape in header " + header);
  }
  std::vector<int64_t> dims;
  std::string inner = shape_s.substr(1, shape_s.size() - 2);
  std::stringstream ss(inner);
  std::string item;
  // Size computed with overflow checks before anything is allocated.
  size_t body = offset + header_len;
  size_t available = data.size() - body;
  unsigned __int128 need = DTypeSize(dtype);
  while (std::getline(ss, item, ',')) {
    size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    if (b == std::string::npos) continue;
    item = item.substr(b, e - b + 1);
    if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 18) {
      return InvalidArgument("npy: '" + path + "': bad dimension '" + item + "' in shape " + shape_s);
    }
    int64_t d = std::stoll(item);
    dims.push_back(d);
    need *= static_cast<unsigned __int128>(d);
    if (need > available) need = static_cast<unsigned __int128>(available) + 1;  // saturate: too large anyway
  }
  size_t nbytes = static_cast<size_t>(need);
  if (nbytes != available) {
    return InvalidArgument("npy: '" + path + "': shape " + Shape(dims).ToString() + " of " + descr + " needs " +
                           (nbytes > available ? std::string("more than ") + std::to_string(available)
                                               : std::to_string(nbytes)) +
                           " bytes of data, the file has " + std::to_string(available));
  }
  Tensor t(dtype, Shape(dims));
  if (t.nbytes()) std::memcpy(t.raw_data(), data.data() + body, t.nbytes());
  return t;
}

Status WriteNpy(const std::string& path, const Tensor& tensor) {
  const char* descr = nullptr;
  for (const auto& t : kTypes) {
    if (t.dtype == tensor.dtype()) descr = t.descr;
  }
  if (!descr) return Unsupported(std::string("npy: cannot write dtype ") + DTypeName(tensor.dtype()));
  std::string shape = "(";
  for (int i = 0; i < tensor.shape().rank(); ++i) shape += std::to_string(tensor.shape()[i]) + ",";
  if (tensor.shape().rank() > 1) shape.pop_back();
  shape += ")";
  std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t total = 10 + header.size() + 1;
  header += std::string((64 - total % 64) % 64, ' ') + "\n";
  std::ofstream out(path, std::ios::binary);
  if (!out) return NotFound("npy: cannot write '" + path + "'");
  out.write("\x93NUMPY\x01\x00", 8);
  uint16_t len = static_cast<uint16_t>(header.size());
  out.put(static_cast<char>(len & 0xff));
  out.put(static_cast<char>(len >> 8));
  out << header;
  out.write(static_cast<const char*>(tensor.raw_data()), static_cast<std::streamsize>(tensor.nbytes()));
  return out ? Status::OK() : Internal("npy: write to '" + path + "' failed");
}

}  // namespace oar::cli
