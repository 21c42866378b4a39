#include "partition/partition_report.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <utility>

#include "ir/dot_export.h"

namespace oar::partition {

namespace {

std::string Plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// "conv2d x10, relu x9": kinds by count (most first, then by name).
std::string KindSummary(const std::vector<GroupMember>& members) {
  std::map<std::string, int> counts;
  for (const GroupMember& m : members) ++counts[ir::OpKindName(m.kind)];
  std::vector<std::pair<int, std::string>> sorted;
  for (const auto& [kind, c] : counts) sorted.emplace_back(-c, kind);
  std::sort(sorted.begin(), sorted.end());
  std::string s;
  for (const auto& [c, kind] : sorted) s += (s.empty() ? "" : ", ") + kind + " x" + std::to_string(-c);
  return s;
}

/// Items joined by ", ", wrapped at ~100 columns with `indent` before continuation lines.
std::string Wrap(const std::vector<std::string>& items, const std::string& indent) {
  std::string out, line;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string piece = items[i] + (i + 1 < items.size() ? "," : "");
    if (!line.empty() && line.size() + 1 + piece.size() > 100) {
      out += line + "\n" + indent;
      line.clear();
    }
    line += (line.empty() ? "" : " ") + piece;
  }
  return out + line;
}

/// Short category of a native reason, for the totals line.
std::string Category(const std::string& reason) {
  auto starts = [&](const char* p) { return reason.rfind(p, 0) == 0; };
  if (starts("not supported by backend")) return "not supported";
  if (starts("denied by the user")) return "denied by the user";
  if (starts("would create a cycle")) return "cycle";
  if (starts("group of")) return "below min_subgraph_size";
  if (starts("already an engine node")) return "already an engine node";
  return "other";
}

}  // namespace

int PartitionReport::num_engine_ops() const {
  int n = 0;
  for (const EngineGroupReport& g : groups) n += static_cast<int>(g.members.size());
  return n;
}

std::string FormatPartitionReport(const PartitionReport& r) {
  std::ostringstream os;
  const std::string backend = r.backend.empty() ? "(unnamed)" : r.backend;
  os << "engine partition (backend " << backend << ", min_subgraph_size " << r.min_subgraph_size
     << "): " << Plural(r.groups.size(), "engine subgraph takes ", "engine subgraphs take ") << r.num_engine_ops()
     << " of " << Plural(static_cast<size_t>(r.num_ops()), "op", "ops") << "; "
     << Plural(r.native.size(), "op runs", "ops run") << " natively\n";
  for (const EngineGroupReport& g : r.groups) {
    os << "\nengine subgraph '" << g.engine_node << "': " << Plural(g.members.size(), "op", "ops") << " ("
       << KindSummary(g.members) << ")\n";
    os << "  inputs:  " << (g.inputs.empty() ? "(none)" : Wrap(g.inputs, "           ")) << "\n";
    os << "  outputs: " << (g.outputs.empty() ? "(none)" : Wrap(g.outputs, "           ")) << "\n";
    std::vector<std::string> ops;
    for (const GroupMember& m : g.members) ops.push_back(m.name + " (" + ir::OpKindName(m.kind) + ")");
    os << "  ops:     " << Wrap(ops, "           ") << "\n";
  }
  if (!r.native.empty()) {
    os << "\nnative ops (" << r.native.size() << "):\n";
    for (const NativeNodeReport& n : r.native) {
      os << "  " << n.name << " (" << ir::OpKindName(n.kind) << "): " << n.reason << "\n";
    }
  }
  const int total = r.num_ops();
  const double pct = total > 0 ? 100.0 * r.num_engine_ops() / total : 0.0;
  char pct_text[32];
  std::snprintf(pct_text, sizeof(pct_text), "%.1f%%", pct);
  os << "\ntotals: " << Plural(static_cast<size_t>(r.num_engine_ops()), "op", "ops") << " in "
     << Plural(r.groups.size(), "engine subgraph", "engine subgraphs") << " (" << pct_text << " of " << total << "), "
     << Plural(r.native.size(), "native op", "native ops");
  if (!r.native.empty()) {
    std::map<std::string, int> categories;
    for (const NativeNodeReport& n : r.native) ++categories[Category(n.reason)];
    os << " (";
    bool first = true;
    for (const auto& [cat, c] : categories) {
      os << (first ? "" : ", ") << cat << ": " << c;
      first = false;
    }
    os << ")";
  }
  os << "\n";
  return os.str();
}

std::map<std::string, std::string> PartitionHighlight(const PartitionReport& report) {
  std::map<std::string, std::string> colours;
  for (const EngineGroupReport& g : report.groups) {
    for (const GroupMember& m : g.members) colours[m.name] = ir::kDotEngineColour;
  }
  for (const NativeNodeReport& n : report.native) colours[n.name] = ir::kDotNativeColour;
  return colours;
}

}  // namespace oar::partition
