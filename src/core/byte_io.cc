#include "core/byte_io.h"

#include <cstring>
#include <utility>

namespace oar {

ByteWriter::ByteWriter(Sink sink, size_t chunk_bytes) : sink_(std::move(sink)), chunk_bytes_(chunk_bytes) {
  buffer_.reserve(chunk_bytes_);
}

void ByteWriter::WriteU16(uint16_t v) {
  char b[2] = {static_cast<char>(v & 0xff), static_cast<char>(v >> 8)};
  buffer_.append(b, 2);
  MaybeFlush();
}

void ByteWriter::WriteU32(uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  buffer_.append(b, 4);
  MaybeFlush();
}

void ByteWriter::WriteU64(uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  buffer_.append(b, 8);
  MaybeFlush();
}

void ByteWriter::WriteF32(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  WriteU32(bits);
}

void ByteWriter::WriteF64(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  WriteU64(bits);
}

void ByteWriter::WriteVarU64(uint64_t v) {
  char b[10];
  int n = 0;
  while (v >= 0x80) {
    b[n++] = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  b[n++] = static_cast<char>(v);
  buffer_.append(b, static_cast<size_t>(n));
  MaybeFlush();
}

void ByteWriter::WriteVarI64(int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  WriteVarU64((u << 1) ^ (v < 0 ? ~uint64_t{0} : 0));
}

void ByteWriter::WriteString(const std::string& s) {
  WriteVarU64(s.size());
  WriteBytes(s.data(), s.size());
}

void ByteWriter::WriteBytes(const void* data, size_t size) {
  if (size == 0) return;
  if (sink_ && size >= chunk_bytes_) {
    // Large blocks (weights) skip the copy into the buffer.
    Flush();
    sink_(static_cast<const char*>(data), size);
    flushed_ += size;
    return;
  }
  buffer_.append(static_cast<const char*>(data), size);
  MaybeFlush();
}

std::string ByteWriter::Release() {
  std::string out = std::move(buffer_);
  buffer_.clear();
  flushed_ = 0;
  return out;
}

void ByteWriter::Flush() {
  if (!sink_ || buffer_.empty()) return;
  sink_(buffer_.data(), buffer_.size());
  flushed_ += buffer_.size();
  buffer_.clear();
}

ByteReader::ByteReader(const void* data, size_t size, std::string context)
    : data_(static_cast<const unsigned char*>(data)), size_(size), context_(std::move(context)) {}

ByteReader::ByteReader(const std::string& bytes, std::string context)
    : ByteReader(bytes.data(), bytes.size(), std::move(context)) {}

Status ByteReader::Error(const std::string& message) const { return InvalidArgument(context_ + ": " + message); }

Status ByteReader::Truncated(const char* what) const {
  return Error("truncated at byte " + std::to_string(pos_) + " while reading " + what);
}

Status ByteReader::ReadU8(uint8_t* out, const char* what) {
  if (remaining() < 1) return Truncated(what);
  *out = data_[pos_++];
  return Status::OK();
}

Status ByteReader::ReadBool(bool* out, const char* what) {
  size_t at = pos_;
  uint8_t b;
  OAR_RETURN_IF_ERROR(ReadU8(&b, what));
  if (b > 1) return Error("bad bool " + std::to_string(b) + " at byte " + std::to_string(at) + " in " + what);
  *out = b == 1;
  return Status::OK();
}

Status ByteReader::ReadU16(uint16_t* out, const char* what) {
  if (remaining() < 2) return Truncated(what);
  *out = static_cast<uint16_t>(data_[pos_] | (data_[pos_ + 1] << 8));
  pos_ += 2;
  return Status::OK();
}

Status ByteReader::ReadU32(uint32_t* out, const char* what) {
  if (remaining() < 4) return Truncated(what);
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(data_[pos_ + static_cast<size_t>(i)]) << (8 * i);
  pos_ += 4;
  *out = v;
  return Status::OK();
}

Status ByteReader::ReadU64(uint64_t* out, const char* what) {
  if (remaining() < 8) return Truncated(what);
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(data_[pos_ + static_cast<size_t>(i)]) << (8 * i);
  pos_ += 8;
  *out = v;
  return Status::OK();
}

Status ByteReader::ReadI32(int32_t* out, const char* what) {
  uint32_t u;
  OAR_RETURN_IF_ERROR(ReadU32(&u, what));
  *out = static_cast<int32_t>(u);
  return Status::OK();
}

Status ByteReader::ReadI64(int64_t* out, const char* what) {
  uint64_t u;
  OAR_RETURN_IF_ERROR(ReadU64(&u, what));
  *out = static_cast<int64_t>(u);
  return Status::OK();
}

Status ByteReader::ReadF32(float* out, const char* what) {
  uint32_t bits;
  OAR_RETURN_IF_ERROR(ReadU32(&bits, what));
  std::memcpy(out, &bits, sizeof(bits));
  return Status::OK();
}

Status ByteReader::ReadF64(double* out, const char* what) {
  uint64_t bits;
  OAR_RETURN_IF_ERROR(ReadU64(&bits, what));
  std::memcpy(out, &bits, sizeof(bits));
  return Status::OK();
}

Status ByteReader::ReadVarU64(uint64_t* out, const char* what) {
  size_t start = pos_;
  uint64_t v = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (remaining() < 1) return Truncated(what);
    uint64_t b = data_[pos_++];
    // The 10th byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && b > 1) break;
    v |= (b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *out = v;
      return Status::OK();
    }
  }
  return Error("varint at byte " + std::to_string(start) + " overflows 64 bits while reading " + what);
}

Status ByteReader::ReadVarI64(int64_t* out, const char* what) {
  uint64_t u;
  OAR_RETURN_IF_ERROR(ReadVarU64(&u, what));
  *out = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return Status::OK();
}

Status ByteReader::ReadCount(uint64_t* out, size_t min_bytes_per_item, const char* what) {
  size_t at = pos_;
  uint64_t n;
  OAR_RETURN_IF_ERROR(ReadVarU64(&n, what));
  size_t per = min_bytes_per_item == 0 ? 1 : min_bytes_per_item;
  if (n > remaining() / per) {
    return Error("count " + std::to_string(n) + " at byte " + std::to_string(at) + " for " + what + " exceeds the " +
                 std::to_string(remaining()) + " bytes left (truncated or corrupt)");
  }
  *out = n;
  return Status::OK();
}

Status ByteReader::ReadString(std::string* out, const char* what) {
  uint64_t n;
  OAR_RETURN_IF_ERROR(ReadCount(&n, 1, what));
  out->assign(reinterpret_cast<const char*>(data_ + pos_), static_cast<size_t>(n));
  pos_ += static_cast<size_t>(n);
  return Status::OK();
}

Status ByteReader::ReadBytes(void* out, size_t size, const char* what) {
  if (remaining() < size) return Truncated(what);
  if (size) std::memcpy(out, data_ + pos_, size);
  pos_ += size;
  return Status::OK();
}

}  // namespace oar
