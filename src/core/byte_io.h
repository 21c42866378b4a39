// ByteWriter / ByteReader: little-endian binary encoding for oar's serialized formats
// (graphs, engine plans, caches). Every multi-byte value is written byte by byte in
// little-endian order, so the bytes do not depend on the host. Varints are LEB128
// (7 bits per byte, high bit = more follows); signed varints use zigzag encoding.
//
// Reads are bounds-checked and return Status: a truncated or malformed input gives
// kInvalidArgument "<context>: truncated at byte N while reading <what>", never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"

namespace oar {

/// Appends little-endian encodings to an in-memory buffer, or streams them to a sink.
/// Not thread safe.
class ByteWriter {
 public:
  /// Receives consecutive chunks of the encoding (streaming mode).
  using Sink = std::function<void(const char* data, size_t size)>;

  /// In-memory mode: everything written stays in buffer().
  ByteWriter() = default;
  /// Streaming mode: the buffer is handed to `sink` whenever it reaches `chunk_bytes`, large
  /// WriteBytes blocks go to the sink directly, and Flush() hands over the rest.
  explicit ByteWriter(Sink sink, size_t chunk_bytes = 64 * 1024);

  void WriteU8(uint8_t v) { buffer_.push_back(static_cast<char>(v)); MaybeFlush(); }
  void WriteBool(bool v) { WriteU8(v ? 1 : 0); }
  void WriteU16(uint16_t v);
  void WriteU32(uint32_t v);
  void WriteU64(uint64_t v);
  void WriteI32(int32_t v) { WriteU32(static_cast<uint32_t>(v)); }
  void WriteI64(int64_t v) { WriteU64(static_cast<uint64_t>(v)); }
  /// IEEE bit pattern (NaN payloads and -0.0 are kept).
  void WriteF32(float v);
  void WriteF64(double v);
  /// Unsigned LEB128 (1..10 bytes).
  void WriteVarU64(uint64_t v);
  /// Zigzag + LEB128: small magnitudes of either sign take few bytes.
  void WriteVarI64(int64_t v);
  /// Varint length, then the bytes.
  void WriteString(const std::string& s);
  /// Raw bytes, no length prefix.
  void WriteBytes(const void* data, size_t size);

  /// Total bytes written so far (including bytes already handed to a sink).
  size_t size() const { return flushed_ + buffer_.size(); }
  /// Bytes not yet handed to a sink (in-memory mode: everything).
  const std::string& buffer() const { return buffer_; }
  /// Moves the buffer out (in-memory mode); the writer is empty afterwards.
  std::string Release();
  /// Streaming mode: hands the buffered bytes to the sink. No-op in in-memory mode.
  void Flush();

 private:
  void MaybeFlush() {
    if (sink_ && buffer_.size() >= chunk_bytes_) Flush();
  }

  std::string buffer_;
  Sink sink_;
  size_t chunk_bytes_ = 0;
  size_t flushed_ = 0;
};

/// Reads what ByteWriter wrote from a borrowed byte range (the caller keeps it alive).
/// Every Read* checks the remaining size first; on error the position is unspecified.
class ByteReader {
 public:
  /// `context` starts every error message (e.g. "graph decode").
  ByteReader(const void* data, size_t size, std::string context = "byte reader");
  /// Views `bytes` (which must outlive the reader).
  explicit ByteReader(const std::string& bytes, std::string context = "byte reader");

  Status ReadU8(uint8_t* out, const char* what);
  /// Accepts only 0 and 1.
  Status ReadBool(bool* out, const char* what);
  Status ReadU16(uint16_t* out, const char* what);
  Status ReadU32(uint32_t* out, const char* what);
  Status ReadU64(uint64_t* out, const char* what);
  Status ReadI32(int32_t* out, const char* what);
  Status ReadI64(int64_t* out, const char* what);
  Status ReadF32(float* out, const char* what);
  Status ReadF64(double* out, const char* what);
  /// Rejects encodings longer than 10 bytes or overflowing 64 bits.
  Status ReadVarU64(uint64_t* out, const char* what);
  Status ReadVarI64(int64_t* out, const char* what);
  /// A varint element count that must fit the remaining bytes at `min_bytes_per_item` each, so
  /// corrupt counts fail here instead of causing huge allocations.
  Status ReadCount(uint64_t* out, size_t min_bytes_per_item, const char* what);
  /// Varint length (checked against the remaining bytes), then the bytes.
  Status ReadString(std::string* out, const char* what);
  Status ReadBytes(void* out, size_t size, const char* what);

  size_t position() const { return pos_; }
  size_t remaining() const { return size_ - pos_; }
  bool AtEnd() const { return pos_ == size_; }
  const std::string& context() const { return context_; }
  /// kInvalidArgument "<context>: <message>" (for format errors found by the caller).
  Status Error(const std::string& message) const;

 private:
  Status Truncated(const char* what) const;

  const unsigned char* data_;
  size_t size_;
  size_t pos_ = 0;
  std::string context_;
};

}  // namespace oar
