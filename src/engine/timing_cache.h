// TimingCache (style.md §9): measured tactic times keyed by layer signature, so identical layers
// (same op kind, attributes, input shapes/dtypes, device) are timed once per build, and across
// builds when the cache is saved to and loaded from the cache directory.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace oar::engine {

/// "<kind> <attrs text> (<dtype><shape>, ...) @<device signature>". Input shapes are the ones the
/// layer is timed at; constant inputs (weights) count by dtype and shape, not contents.
std::string LayerSignature(const ir::Node& node, const std::vector<DType>& input_dtypes,
                           const std::vector<Shape>& input_shapes, const std::string& device_signature);

/// Thread-safe map (layer signature, tactic id) -> milliseconds.
class TimingCache {
 public:
  TimingCache() = default;
  TimingCache(const TimingCache& o);
  TimingCache& operator=(const TimingCache& o);

  std::optional<double> Lookup(const std::string& signature, const std::string& tactic) const;
  void Record(const std::string& signature, const std::string& tactic, double ms);
  /// Number of (signature, tactic) entries.
  size_t size() const;
  /// Every tactic timed for a signature (tactic -> ms).
  std::map<std::string, double> TacticsOf(const std::string& signature) const;

  /// Text form: "OARTC 1\n" then one "<ms>\t<tactic>\t<signature>" line per entry.
  std::string Serialize() const;
  /// Parses Serialize()'s output (kInvalidArgument naming the bad line otherwise).
  static StatusOr<TimingCache> Deserialize(const std::string& text);
  /// Adds every entry of `other` (entries already present keep their time).
  void Merge(const TimingCache& other);

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, double> entries_;
};

}  // namespace oar::engine
