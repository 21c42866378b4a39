// Reading a Paddle ProgramDesc (the graph file of an inference model) and the facts about it
// that every later stage needs: VarType codes as oar dtypes, the feed and fetch targets in
// `col` order, and the list of weights (persistable variables) with their declared dtype/dims.
// Format notes: shared/docs/paddle-model-format.md §2-§3.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/dtype.h"
#include "core/status.h"
#include "framework.pb.h"

namespace oar::frontends::paddle {

namespace proto = ::paddle::framework::proto;

/// Parses a serialized ProgramDesc. `source` names the bytes in error messages (a path).
/// Errors: kInvalidGraph "cannot parse ProgramDesc ..." for bytes that are not a ProgramDesc,
/// or for a program without blocks.
StatusOr<proto::ProgramDesc> ParseProgram(const std::string& bytes, const std::string& source);
/// Reads and parses a graph file. Errors: kNotFound when the file cannot be opened, else as ParseProgram.
StatusOr<proto::ProgramDesc> ReadProgram(const std::string& path);

/// Maps a VarType element code (FP32 = 5, INT64 = 3, ...) to an oar dtype; false for codes oar has
/// no dtype for (SIZE_T, complex, and the non-tensor codes).
bool PaddleDTypeToDType(int code, DType* out);
/// The Paddle spelling of a VarType code ("FP32", "LOD_TENSOR", ...), or "type <n>" when unknown.
std::string PaddleTypeName(int code);

/// A model input or output: a feed target or a fetch source.
struct IoVar {
  std::string name;
  int col = 0;
  DType dtype = DType::kUndefined;  // kUndefined when the var has no dense-tensor description
  std::vector<int64_t> dims;        // -1 for dims known only at run time
};

/// Feed targets sorted by `col`. Errors (kInvalidGraph) for a feed op without `col`, a feed without
/// an output var, or duplicated / non-contiguous cols.
StatusOr<std::vector<IoVar>> CollectFeeds(const proto::BlockDesc& block);
/// Fetch sources sorted by `col`; errors as CollectFeeds.
StatusOr<std::vector<IoVar>> CollectFetches(const proto::BlockDesc& block);

/// A weight the params file(s) must provide.
struct WeightSpec {
  std::string name;
  DType dtype = DType::kUndefined;  // declared in the VarDesc
  std::vector<int64_t> dims;        // declared in the VarDesc (a -1 accepts any size)
};

/// Weights of block 0: persistable vars whose type is not FEED_MINIBATCH, FETCH_LIST or RAW, sorted
/// byte-wise by name (the order of a combined params file). Errors: kUnsupported for a persistable
/// var that is not a dense tensor (VOCAB, STRINGS, SELECTED_ROWS, ...) or whose element type oar
/// cannot hold.
StatusOr<std::vector<WeightSpec>> CollectWeightSpecs(const proto::ProgramDesc& program);

/// VarDescs of one block by name.
std::unordered_map<std::string, const proto::VarDesc*> IndexVars(const proto::BlockDesc& block);

/// True when the op refers to another block (BLOCK / BLOCKS attribute, e.g. `while`'s sub_block).
bool HasSubBlock(const proto::OpDesc& op);

/// Dtype and dims of a dense-tensor var (LOD_TENSOR); false for other var types.
bool DenseTensorInfo(const proto::VarDesc& var, DType* dtype, std::vector<int64_t>* dims);

}  // namespace oar::frontends::paddle
