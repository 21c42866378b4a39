// The shape-range file of Config::CollectShapeRangeInfo / EnableTunedDynamicShape: one line per
// model input, "<name> min=1x3x224x224 opt=4x3x224x224 max=8x3x224x224 seen=1x3x224x224:5,..."
// (text, so it can be read and edited by hand; names may not contain spaces, which Paddle
// variable names never do). `seen` (optional) keeps the count of every shape observed, so that
// collection continues across processes: a new collector starts from the file's counts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace oar::infer {

struct ShapeRange3 {
  std::vector<int64_t> min, opt, max;
  std::map<std::vector<int64_t>, int64_t> seen;  // shape -> times observed
};

/// Records observed shapes per input; opt is the most frequent shape seen.
class ShapeRangeCollector {
 public:
  void Observe(const std::string& name, const std::vector<int64_t>& shape, int64_t times = 1);
  std::map<std::string, ShapeRange3> Ranges() const;

 private:
  std::map<std::string, std::map<std::vector<int64_t>, int64_t>> counts_;
};

/// Writes atomically (temp file + rename).
Status WriteShapeRangeFile(const std::string& path, const std::map<std::string, ShapeRange3>& ranges);
/// Parses the file; errors name the file and the line.
StatusOr<std::map<std::string, ShapeRange3>> ReadShapeRangeFile(const std::string& path);

}  // namespace oar::infer
