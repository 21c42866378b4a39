#include "engine/timing_cache.h"

#include <cstdlib>
#include <sstream>

#include "ir/printer.h"

namespace oar::engine {

std::string LayerSignature(const ir::Node& node, const std::vector<DType>& input_dtypes,
                           const std::vector<Shape>& input_shapes, const std::string& device_signature) {
  std::string s = std::string(ir::OpKindName(node.kind)) + " " + ir::PrintAttrs(node.attrs) + " (";
  for (size_t i = 0; i < input_dtypes.size(); ++i) {
    if (i) s += ", ";
    if (input_dtypes[i] == DType::kUndefined) {
      s += "_";
    } else {
      s += std::string(DTypeName(input_dtypes[i])) + (i < input_shapes.size() ? input_shapes[i].ToString() : "");
    }
  }
  return s + ") @" + device_signature;
}

TimingCache::TimingCache(const TimingCache& o) {
  std::lock_guard<std::mutex> lock(o.mu_);
  entries_ = o.entries_;
}

TimingCache& TimingCache::operator=(const TimingCache& o) {
  if (this == &o) return *this;
  std::map<std::pair<std::string, std::string>, double> copy;
  {
    std::lock_guard<std::mutex> lock(o.mu_);
    copy = o.entries_;
  }
  std::lock_guard<std::mutex> lock(mu_);
  entries_ = std::move(copy);
  return *this;
}

std::optional<double> TimingCache::Lookup(const std::string& signature, const std::string& tactic) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find({signature, tactic});
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void TimingCache::Record(const std::string& signature, const std::string& tactic, double ms) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_[{signature, tactic}] = ms;
}

size_t TimingCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

std::map<std::string, double> TimingCache::TacticsOf(const std::string& signature) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, double> out;
  for (auto it = entries_.lower_bound({signature, ""}); it != entries_.end() && it->first.first == signature; ++it) {
    out[it->first.second] = it->second;
  }
  return out;
}

std::string TimingCache::Serialize() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::ostringstream os;
  os.precision(17);
  os << "OARTC 1\n";
  for (const auto& [key, ms] : entries_) os << ms << '\t' << key.second << '\t' << key.first << '\n';
  return os.str();
}

StatusOr<TimingCache> TimingCache::Deserialize(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != "OARTC 1") {
    return InvalidArgument("engine timing cache: expected header 'OARTC 1', got '" + line.substr(0, 40) + "'");
  }
  TimingCache cache;
  int line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string::npos ? std::string::npos : line.find('\t', t1 + 1);
    char* end = nullptr;
    double ms = t1 == std::string::npos ? 0 : std::strtod(line.c_str(), &end);
    if (t2 == std::string::npos || end != line.c_str() + t1 || ms < 0) {
      return InvalidArgument("engine timing cache: line " + std::to_string(line_no) +
                             ": expected '<ms>\\t<tactic>\\t<signature>'");
    }
    cache.entries_[{line.substr(t2 + 1), line.substr(t1 + 1, t2 - t1 - 1)}] = ms;
  }
  return cache;
}

void TimingCache::Merge(const TimingCache& other) {
  if (this == &other) return;
  std::map<std::pair<std::string, std::string>, double> copy;
  {
    std::lock_guard<std::mutex> lock(other.mu_);
    copy = other.entries_;
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& e : copy) entries_.insert(e);
}

}  // namespace oar::engine
