// Readers for the zoo's output files, shared by the zoo tests (header-only: the test suite
// compiles only *_test.cc files).
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "framework.pb.h"
#include "onnx.pb.h"
#include "zoo/zoo_builder.h"

namespace oar::zoo::testing {

/// One record of a combined Paddle params file.
struct ParamRecord {
  std::vector<int64_t> dims;
  int32_t data_type = -1;
  int64_t data_offset = 0;  // byte offset of the raw data in the file
  int64_t data_bytes = 0;
  int64_t record_bytes = 0;  // header + TensorDesc + data
};

inline int64_t FileSize(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  return f ? static_cast<int64_t>(f.tellg()) : -1;
}

/// Walks every record of `path` (layout: shared/docs/paddle-model-format.md §4). Returns false
/// with `error` set when a header is malformed or the walk does not end exactly at EOF.
inline bool ReadParamRecords(const std::string& path, std::vector<ParamRecord>* records, std::string* error) {
  std::ifstream f(path, std::ios::binary);
  int64_t size = FileSize(path);
  if (!f || size < 0) {
    *error = "cannot open " + path;
    return false;
  }
  int64_t pos = 0;
  while (pos < size) {
    char header[16];
    uint32_t lod_version = 0, tensor_version = 0;
    uint64_t lod_levels = 0;
    int32_t desc_size = 0;
    f.seekg(pos);
    if (!f.read(header, 12)) break;
    std::memcpy(&lod_version, header, 4);
    std::memcpy(&lod_levels, header + 4, 8);
    if (!f.read(header, 8)) break;
    std::memcpy(&tensor_version, header, 4);
    std::memcpy(&desc_size, header + 4, 4);
    if (lod_version != 0 || lod_levels != 0 || tensor_version != 0 || desc_size <= 0 || desc_size > 4096) {
      *error = "bad record header at byte " + std::to_string(pos);
      return false;
    }
    std::string desc_bytes(static_cast<size_t>(desc_size), '\0');
    if (!f.read(&desc_bytes[0], desc_size)) break;
    paddle::framework::proto::VarType::TensorDesc desc;
    if (!desc.ParseFromString(desc_bytes)) {
      *error = "bad TensorDesc at byte " + std::to_string(pos);
      return false;
    }
    ParamRecord r;
    r.data_type = desc.data_type();
    int64_t numel = 1;
    for (int64_t d : desc.dims()) {
      r.dims.push_back(d);
      numel *= d;
    }
    r.data_offset = pos + 20 + desc_size;
    r.data_bytes = numel * 4;
    r.record_bytes = 20 + desc_size + r.data_bytes;
    pos = r.data_offset + r.data_bytes;
    records->push_back(std::move(r));
  }
  if (pos != size) {
    *error = "records end at byte " + std::to_string(pos) + " but the file has " + std::to_string(size);
    return false;
  }
  return true;
}

inline std::string ReadBytes(const std::string& path, int64_t offset, int64_t count) {
  std::ifstream f(path, std::ios::binary);
  std::string out(static_cast<size_t>(count), '\0');
  f.seekg(offset);
  f.read(&out[0], count);
  return f ? out : std::string();
}

inline bool ParseProgram(const std::string& path, paddle::framework::proto::ProgramDesc* program) {
  std::ifstream f(path, std::ios::binary);
  return f && program->ParseFromIstream(&f);
}

inline bool ParseOnnx(const std::string& path, oar_onnx::ModelProto* model) {
  std::ifstream f(path, std::ios::binary);
  return f && model->ParseFromIstream(&f);
}

/// The initializer named `name`, or nullptr.
inline const oar_onnx::TensorProto* FindInitializer(const oar_onnx::ModelProto& model, const std::string& name) {
  for (const auto& t : model.graph().initializer()) {
    if (t.name() == name) return &t;
  }
  return nullptr;
}

/// Number of layers of `graph` for which `pred` holds.
inline int CountLayers(const ZooGraph& graph, const std::function<bool(const ZooLayer&)>& pred) {
  int n = 0;
  for (const ZooLayer& l : graph.layers) n += pred(l) ? 1 : 0;
  return n;
}

inline int CountKind(const ZooGraph& graph, LayerKind kind) {
  return CountLayers(graph, [kind](const ZooLayer& l) { return l.kind == kind; });
}

/// Output channels of a conv layer (its weight's first dim).
inline int64_t ConvOut(const ZooGraph& graph, const ZooLayer& l) { return graph.params[l.params[0]].dims[0]; }

}  // namespace oar::zoo::testing
