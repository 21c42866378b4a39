// The engine cache directory (design.md §3 Cache, `use_static`): built plans persisted as
// `<dir>/<key>.plan`, and the timing cache as `<dir>/timing.cache`, so later runs (and other
// processes) load instead of building.
//
// Key: 32 hex digits of a hash over GraphFingerprint(subgraph) (structure, attributes, weights;
// not names), the profile ranges, the precision, max_batch_size, the calibration table id (empty
// until INT8 calibration lands), the oar version and the device signature.
// File: Plan::Serialize() bytes, then a trailer: u64 length of those bytes, u64 Hash64 of them,
// "OARE". Writes go to a temp file in the same directory and are renamed over the target under an
// flock on `<dir>/.lock`, so readers never see half a file. Loading checks trailer, length and
// checksum, then the plan header (version, device): a corrupt, truncated, foreign-version or
// foreign-device file gives ONE warning (per file) and is rebuilt and overwritten, never trusted.
#pragma once

#include <functional>
#include <string>

#include "core/status.h"
#include "engine/builder_config.h"
#include "engine/plan.h"
#include "engine/timing_cache.h"

namespace oar::engine {

/// Cache key of a subgraph built with `config` on `device_signature` (see the header comment).
std::string PlanCacheKey(const ir::Graph& subgraph, const BuilderConfig& config, const std::string& device_signature,
                         const std::string& calibration_table_id = "");

struct CacheLookup {
  Plan plan;
  bool loaded = false;   // true: read from the file; false: built (and written)
  std::string path;      // the plan file
  double load_ms = 0;    // time to read and decode when loaded
};

class CacheStore {
 public:
  /// `dir` is created (with parents) on first write.
  explicit CacheStore(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }

  std::string PlanPath(const std::string& key) const { return dir_ + "/" + key + ".plan"; }

  /// The plan stored under `key`: kNotFound when there is no file; kInvalidArgument (corrupt,
  /// truncated, bad checksum) or kVersionMismatch (foreign version or device) otherwise.
  StatusOr<Plan> Load(const std::string& key) const;
  /// Writes atomically (temp + rename under the directory lock).
  Status Store(const std::string& key, const Plan& plan) const;

  /// Load, or on any failure other than "no file" warn once naming the file and the reason; then
  /// `build` and Store. A failed write only warns (the built plan is still returned).
  StatusOr<CacheLookup> LoadOrBuild(const std::string& key, const std::function<StatusOr<Plan>()>& build) const;

  /// `<dir>/timing.cache`: merged into `cache` when present and valid (a bad file warns once).
  void LoadTimingCache(TimingCache* cache) const;
  Status StoreTimingCache(const TimingCache& cache) const;

 private:
  Status WriteAtomically(const std::string& name, const std::string& bytes) const;
  std::string dir_;
};

}  // namespace oar::engine
