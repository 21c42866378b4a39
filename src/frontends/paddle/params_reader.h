// Readers for Paddle weight files (shared/docs/paddle-model-format.md §4): one serialized tensor
// record per weight, either concatenated in one combined file (records in byte-wise sorted name
// order, nothing before, between or after them) or one file per weight named after the variable.
// Every size read from a file is checked against the bytes that are left before anything is
// allocated, so truncated or garbage files give an error naming the variable, never a crash.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "frontends/paddle/program_reader.h"

namespace oar::frontends::paddle {

/// Reads one tensor record from `in`, which has `*available` bytes left (decremented by what is
/// read). `what` names the record in errors (e.g. "variable 'conv1_w' in params file 'x'").
/// The tensor keeps the element type stored in the record.
StatusOr<Tensor> ReadTensorRecord(std::istream& in, uint64_t* available, const std::string& what);

/// Appends the record of `tensor` (LoD level 0) to `out`, exactly as Paddle's save_combine writes
/// it. Used by tests and by tools that write models.
void WriteTensorRecord(const Tensor& tensor, std::string* out);

/// Checks a record read for `spec` against the program's VarDesc: same dims (a declared -1 matches
/// anything) and same dtype, except that FP16/BF16 records of FP32 variables (save_as_fp16) are
/// widened to FP32. Returns the tensor to use.
StatusOr<Tensor> MatchWeightSpec(Tensor tensor, const WeightSpec& spec, const std::string& where);

/// Reads a combined params file holding one record per spec, in the order of `specs` (which
/// CollectWeightSpecs returns sorted). The file must end exactly after the last record.
StatusOr<std::map<std::string, Tensor>> ReadCombinedParams(const std::string& path,
                                                           const std::vector<WeightSpec>& specs);

/// Reads one file per spec from `dir` (file name == variable name); each file holds exactly one record.
StatusOr<std::map<std::string, Tensor>> ReadSeparateParams(const std::string& dir,
                                                           const std::vector<WeightSpec>& specs);

}  // namespace oar::frontends::paddle
