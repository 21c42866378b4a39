#include "frontends/paddle/program_reader.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

namespace oar::frontends::paddle {

namespace {

constexpr const char* kComponent = "paddle frontend: ";

std::string DimsToString(const std::vector<int64_t>& dims) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < dims.size(); ++i) os << (i ? "," : "") << dims[i];
  os << "]";
  return os.str();
}

// Reads the INT/LONG `col` attribute of a feed/fetch op.
bool ReadCol(const proto::OpDesc& op, int* col) {
  for (const auto& a : op.attrs()) {
    if (a.name() != "col") continue;
    if (a.has_i()) {
      *col = a.i();
      return true;
    }
    if (a.has_l()) {
      *col = static_cast<int>(a.l());
      return true;
    }
    return false;
  }
  return false;
}

// Shared walk for feed (var in output slot "Out") and fetch (var in input slot "X").
StatusOr<std::vector<IoVar>> CollectIo(const proto::BlockDesc& block, const std::string& op_type, bool from_outputs) {
  auto vars = IndexVars(block);
  std::vector<IoVar> out;
  for (int i = 0; i < block.ops_size(); ++i) {
    const proto::OpDesc& op = block.ops(i);
    if (op.type() != op_type) continue;
    const auto& slots = from_outputs ? op.outputs() : op.inputs();
    const std::string slot_name = from_outputs ? "Out" : "X";
    const proto::OpDesc::Var* slot = nullptr;
    for (const auto& s : slots) {
      if (s.parameter() == slot_name) slot = &s;
    }
    if (!slot || slot->arguments_size() != 1) {
      return InvalidGraph(std::string(kComponent) + "op #" + std::to_string(i) + " '" + op_type + "': expected one " +
                          (from_outputs ? "output" : "input") + " var in slot '" + slot_name + "', got " +
                          std::to_string(slot ? slot->arguments_size() : 0));
    }
    IoVar io;
    io.name = slot->arguments(0);
    if (!ReadCol(op, &io.col) || io.col < 0) {
      return InvalidGraph(std::string(kComponent) + "op #" + std::to_string(i) + " '" + op_type + "' for '" + io.name +
                          "': missing or negative integer attribute 'col'");
    }
    auto it = vars.find(io.name);
    if (it != vars.end()) DenseTensorInfo(*it->second, &io.dtype, &io.dims);
    out.push_back(std::move(io));
  }
  std::stable_sort(out.begin(), out.end(), [](const IoVar& a, const IoVar& b) { return a.col < b.col; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].col == out[i - 1].col) {
      return InvalidGraph(std::string(kComponent) + "two '" + op_type + "' ops use col " + std::to_string(out[i].col) +
                          " ('" + out[i - 1].name + "' and '" + out[i].name + "')");
    }
  }
  return out;
}

}  // namespace

StatusOr<proto::ProgramDesc> ParseProgram(const std::string& bytes, const std::string& source) {
  proto::ProgramDesc program;
  if (bytes.empty()) {
    return InvalidGraph(std::string(kComponent) + "cannot parse ProgramDesc from '" + source + "': the file is empty");
  }
  // Partial parse + explicit check: the message names the missing fields instead of protobuf
  // logging them.
  if (!program.ParsePartialFromString(bytes)) {
    return InvalidGraph(std::string(kComponent) + "cannot parse ProgramDesc from '" + source + "' (" +
                        std::to_string(bytes.size()) +
                        " bytes): not a valid Paddle graph (truncated, corrupt, or not a ProgramDesc file)");
  }
  if (!program.IsInitialized()) {
    std::string missing = program.InitializationErrorString();
    if (missing.size() > 200) missing = missing.substr(0, 200) + "...";
    return InvalidGraph(std::string(kComponent) + "cannot parse ProgramDesc from '" + source + "' (" +
                        std::to_string(bytes.size()) + " bytes): required fields are missing (" + missing +
                        "); the file is truncated or corrupt");
  }
  if (program.blocks_size() == 0) {
    return InvalidGraph(std::string(kComponent) + "cannot parse ProgramDesc from '" + source +
                        "': the program has no blocks (not a Paddle graph file?)");
  }
  for (int b = 0; b < program.blocks_size(); ++b) {
    for (const auto& op : program.blocks(b).ops()) {
      for (const auto& a : op.attrs()) {
        bool bad_block = (a.has_block_idx() && (a.block_idx() < 0 || a.block_idx() >= program.blocks_size()));
        for (int idx : a.blocks_idx()) bad_block = bad_block || idx < 0 || idx >= program.blocks_size();
        if (bad_block) {
          return InvalidGraph(std::string(kComponent) + "cannot parse ProgramDesc from '" + source + "': op '" +
                              op.type() + "' in block " + std::to_string(b) + " refers to a block index outside [0, " +
                              std::to_string(program.blocks_size()) + ")");
        }
      }
    }
  }
  return program;
}

StatusOr<proto::ProgramDesc> ReadProgram(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(std::string(kComponent) + "cannot open graph file '" + path + "'");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return NotFound(std::string(kComponent) + "cannot read graph file '" + path + "'");
  return ParseProgram(bytes, path);
}

bool PaddleDTypeToDType(int code, DType* out) {
  switch (code) {
    case proto::VarType::BOOL: *out = DType::kBool; return true;
    case proto::VarType::INT16: *out = DType::kInt16; return true;
    case proto::VarType::INT32: *out = DType::kInt32; return true;
    case proto::VarType::INT64: *out = DType::kInt64; return true;
    case proto::VarType::FP16: *out = DType::kFloat16; return true;
    case proto::VarType::FP32: *out = DType::kFloat32; return true;
    case proto::VarType::FP64: *out = DType::kFloat64; return true;
    case proto::VarType::UINT8: *out = DType::kUInt8; return true;
    case proto::VarType::INT8: *out = DType::kInt8; return true;
    case proto::VarType::BF16: *out = DType::kBFloat16; return true;
    default: return false;
  }
}

std::string PaddleTypeName(int code) {
  if (proto::VarType::Type_IsValid(code)) return proto::VarType::Type_Name(static_cast<proto::VarType::Type>(code));
  if (code == 16) return "FETCH_VAR_LIST";
  return "type " + std::to_string(code);
}

StatusOr<std::vector<IoVar>> CollectFeeds(const proto::BlockDesc& block) { return CollectIo(block, "feed", true); }

StatusOr<std::vector<IoVar>> CollectFetches(const proto::BlockDesc& block) { return CollectIo(block, "fetch", false); }

std::unordered_map<std::string, const proto::VarDesc*> IndexVars(const proto::BlockDesc& block) {
  std::unordered_map<std::string, const proto::VarDesc*> vars;
  for (const auto& v : block.vars()) vars[v.name()] = &v;
  return vars;
}

bool HasSubBlock(const proto::OpDesc& op) {
  for (const auto& a : op.attrs()) {
    if (a.type() == proto::BLOCK || a.type() == proto::BLOCKS || a.has_block_idx() || a.blocks_idx_size() > 0) {
      return true;
    }
  }
  return false;
}

bool DenseTensorInfo(const proto::VarDesc& var, DType* dtype, std::vector<int64_t>* dims) {
  if (var.type().type() != proto::VarType::LOD_TENSOR || !var.type().has_lod_tensor()) return false;
  const auto& t = var.type().lod_tensor().tensor();
  if (!PaddleDTypeToDType(t.data_type(), dtype)) *dtype = DType::kUndefined;
  dims->assign(t.dims().begin(), t.dims().end());
  return true;
}

StatusOr<std::vector<WeightSpec>> CollectWeightSpecs(const proto::ProgramDesc& program) {
  std::vector<WeightSpec> specs;
  if (program.blocks_size() == 0) return specs;
  for (const auto& var : program.blocks(0).vars()) {
    if (!var.persistable()) continue;
    int type = var.type().type();
    if (type == proto::VarType::FEED_MINIBATCH || type == proto::VarType::FETCH_LIST || type == proto::VarType::RAW) {
      continue;
    }
    if (type != proto::VarType::LOD_TENSOR || !var.type().has_lod_tensor()) {
      return Unsupported(std::string(kComponent) + "persistable variable '" + var.name() + "' has type " +
                         PaddleTypeName(type) +
                         "; only dense tensors (LOD_TENSOR) can be loaded as weights (vocabularies, string lists "
                         "and selected rows are not supported)");
    }
    WeightSpec spec;
    spec.name = var.name();
    int code = var.type().lod_tensor().tensor().data_type();
    if (!PaddleDTypeToDType(code, &spec.dtype)) {
      return Unsupported(std::string(kComponent) + "weight '" + var.name() + "' has element type " +
                         PaddleTypeName(code) + ", which oar cannot hold");
    }
    const auto& dims = var.type().lod_tensor().tensor().dims();
    spec.dims.assign(dims.begin(), dims.end());
    for (int64_t d : spec.dims) {
      if (d < -1) {
        return InvalidGraph(std::string(kComponent) + "weight '" + var.name() + "' declares invalid dims " +
                            DimsToString(spec.dims));
      }
    }
    specs.push_back(std::move(spec));
  }
  std::sort(specs.begin(), specs.end(), [](const WeightSpec& a, const WeightSpec& b) { return a.name < b.name; });
  for (size_t i = 1; i < specs.size(); ++i) {
    if (specs[i].name == specs[i - 1].name) {
      return InvalidGraph(std::string(kComponent) + "weight '" + specs[i].name + "' is declared twice in block 0");
    }
  }
  return specs;
}

}  // namespace oar::frontends::paddle
