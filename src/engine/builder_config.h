// BuilderConfig and OptimizationProfile (design.md §3 Engine, Precision, Dynamic shapes;
// style.md §9): the typed knobs of engine::Build. The CLI, Python and Config only fill this struct.
//
// Dynamic shapes: users give min/opt/max dims for MODEL inputs (by name). For one engine node,
// DeriveSubgraphRanges runs ir::InferShapes on the full graph three times -- with every profiled
// model input at its min, at its opt and at its max shape -- and reads the shapes of the engine's
// subgraph inputs from those runs: a subgraph input gets min = its shape in the min run,
// opt = its shape in the opt run, max = its shape in the max run, dim by dim. Ops are monotone in
// their input sizes for every kind the CPU engine takes (conv, pool, matmul, elementwise, ...), so
// [shape at min, shape at max] bounds every shape the input can take within the model profile.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/shape.h"
#include "core/status.h"
#include "ir/graph.h"

namespace oar::engine {

enum class Precision { kFp32, kBf16, kFp16, kInt8 };

/// "fp32", "bf16", "fp16", "int8".
const char* PrecisionName(Precision p);
/// Parses the names above; false for anything else.
bool ParsePrecision(const std::string& name, Precision* out);

/// min <= opt <= max dim by dim, all of the same rank and static.
struct ShapeRange {
  Shape min, opt, max;
  /// True when `s` has the same rank and min[d] <= s[d] <= max[d] for every d.
  bool Contains(const Shape& s) const;
  bool operator==(const ShapeRange& o) const { return min == o.min && opt == o.opt && max == o.max; }
};

/// Input name -> range. Used for model inputs (what users give) and for subgraph inputs (derived).
struct OptimizationProfile {
  std::map<std::string, ShapeRange> ranges;

  bool empty() const { return ranges.empty(); }
  /// Adds a range, checking rank equality, static dims and min <= opt <= max
  /// (kInvalidArgument naming the input and the offending dim otherwise).
  Status Add(const std::string& input, Shape min, Shape opt, Shape max);
  const ShapeRange* Find(const std::string& input) const;
  /// "x: min [1,3,8,8] opt [4,3,8,8] max [8,3,8,8]; y: ..." (sorted by name; used in cache keys).
  std::string ToString() const;
  bool operator==(const OptimizationProfile& o) const { return ranges == o.ranges; }
};

struct BuilderConfig {
  /// Only kFp32 has CPU tactics today: kFp16 falls back to FP32 with one warning (as Paddle-TRT
  /// does on CPUs), kBf16 and kInt8 give kUnsupported.
  Precision precision = Precision::kFp32;
  /// Scratch limit per tactic in bytes. The CPU kernels do not report scratch needs yet, so no
  /// CPU tactic is skipped for it; the limit is kept in the plan for the backends that do.
  int64_t workspace_size = int64_t{1} << 30;
  /// Without a profile: the batch (dim 0) an unknown leading dim is built for, and the largest
  /// batch the engine accepts at run time.
  int max_batch_size = 1;
  /// Groups with fewer ops stay native (the partitioner's option).
  int min_subgraph_size = 3;
  /// Ranges of the inputs of the graph being built, by input name. PrepareEngineGraph fills this
  /// per engine node with DeriveSubgraphRanges from the model profile users give.
  OptimizationProfile profile;
  /// On: every candidate tactic is timed and the fastest wins. Off: the highest-priority kernel
  /// (deterministic).
  bool timing = true;
  /// Timed runs per candidate (after one warm-up run); the median counts.
  int timing_reps = 3;
  /// GPU backends: the device to build for, TF32 tensor cores for f32 layers, and whole-engine
  /// CUDA graph capture when input shapes stay the same from run to run.
  int device_id = 0;
  bool allow_tf32 = false;
  bool cuda_graph = true;
};

/// Ranges of `subgraph_inputs` (value names of `full_graph`) derived from `model_profile` as the
/// header describes. Inputs of the full graph without a range keep their declared shape, which
/// must then be static (kInvalidArgument naming the input otherwise). `full_graph` is not changed.
StatusOr<OptimizationProfile> DeriveSubgraphRanges(const ir::Graph& full_graph,
                                                   const OptimizationProfile& model_profile,
                                                   const std::vector<std::string>& subgraph_inputs);

}  // namespace oar::engine
