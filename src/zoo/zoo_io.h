// File helpers shared by the zoo writers.
#pragma once

#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace oar::zoo {

/// Creates `dir` and its missing parents.
Status MakeDirs(const std::string& dir);

/// Writes `path` through `write` into `path.tmp` and renames it on success, so a failed or
/// interrupted write never leaves a truncated model file behind.
Status WriteFileAtomically(const std::string& path, const std::function<Status(std::ofstream&)>& write);

/// Appends the little-endian bytes of `values` (IEEE-754 binary32) to `out`.
void AppendFloatsLE(const std::vector<float>& values, std::string* out);
/// Appends `v` as `bytes` little-endian bytes.
void AppendUIntLE(uint64_t v, int bytes, std::string* out);

}  // namespace oar::zoo
