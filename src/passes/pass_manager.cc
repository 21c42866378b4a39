#include "passes/pass_manager.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <sstream>

#include "core/logging.h"
#include "ir/op_schema.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "passes/pass_util.h"

namespace oar::passes {

namespace {

struct IoSignature {
  std::vector<std::pair<std::string, DType>> inputs, outputs;
};

IoSignature SignatureOf(const ir::Graph& graph) {
  IoSignature s;
  for (ir::ValueId v : graph.inputs()) s.inputs.emplace_back(graph.value(v).name, graph.value(v).dtype);
  for (ir::ValueId v : graph.outputs()) s.outputs.emplace_back(graph.value(v).name, graph.value(v).dtype);
  return s;
}

// First difference between two lists of (name, dtype), or "".
std::string CompareIo(const char* what, const std::vector<std::pair<std::string, DType>>& before,
                      const std::vector<std::pair<std::string, DType>>& after) {
  if (before.size() != after.size()) {
    return std::string("graph ") + what + "s changed from " + std::to_string(before.size()) + " to " +
           std::to_string(after.size());
  }
  for (size_t i = 0; i < before.size(); ++i) {
    if (before[i] != after[i]) {
      return std::string("graph ") + what + " #" + std::to_string(i) + " changed from '" + before[i].first + "' (" +
             DTypeName(before[i].second) + ") to '" + after[i].first + "' (" + DTypeName(after[i].second) + ")";
    }
  }
  return "";
}

std::map<std::string, int> LiveNodeNames(const ir::Graph& graph) {
  std::map<std::string, int> names;
  for (ir::NodeId id : graph.LiveNodes()) ++names[graph.node(id).name];
  return names;
}

}  // namespace

bool IsStoredOrderTopological(const ir::Graph& graph) {
  for (ir::NodeId id : graph.LiveNodes()) {
    for (ir::ValueId v : graph.node(id).inputs) {
      if (v == ir::kNoValue) continue;
      const ir::NodeId p = graph.value(v).producer;
      if (p != ir::kNoNode && !graph.node(p).removed && p >= id) return false;
    }
  }
  return true;
}

StatusOr<PassManager> PassManager::Create(const std::vector<std::string>& pipeline, const PassOptions& pass_options,
                                          PassManagerOptions options) {
  const PassRegistry& registry = PassRegistry::Global();
  PassManager pm;
  for (const std::string& name : pipeline) {
    auto pass = registry.Create(name, pass_options);
    if (!pass.ok()) return pass.status().WithPrefix("pass manager: pipeline: ");
    pm.passes_.push_back(std::move(pass).value());
  }
  for (const std::string& name : options.dump_ir_after) {
    if (name != "all" && !registry.Find(name)) {
      auto unknown = registry.Create(name, pass_options);
      return unknown.status().WithPrefix("pass manager: dump_ir_after: ");
    }
  }
  pm.options_ = std::move(options);
  return pm;
}

std::vector<std::string> PassManager::pass_names() const {
  std::vector<std::string> names;
  for (const auto& p : passes_) names.push_back(p->info().name);
  return names;
}

Status PassManager::CheckAfter(const std::string& pass, ir::Graph& graph, bool was_topological) const {
  const std::string prefix = "pass manager: after pass '" + pass + "': ";
  OAR_RETURN_IF_ERROR(ir::VerifyGraph(graph).WithPrefix(prefix));
  OAR_RETURN_IF_ERROR(ir::InferShapes(graph).WithPrefix(prefix));
  if (was_topological && !IsStoredOrderTopological(graph)) {
    return Internal(prefix + "nodes are no longer stored in a topological order");
  }
  return Status::OK();
}

Status PassManager::Run(ir::Graph& graph) {
  stats_.clear();
  if (options_.verify) OAR_RETURN_IF_ERROR(ir::VerifyGraph(graph).WithPrefix("pass manager: input graph: "));
  if (options_.trust_input_shapes) return RunPasses(graph);
  // Passes see every input dim as unknown (file comment); the declared shapes come back after.
  std::vector<Shape> declared;
  for (ir::ValueId v : graph.inputs()) {
    declared.push_back(graph.value(v).shape);
    Shape& s = graph.mutable_value(v).shape;
    for (int d = 0; d < s.rank(); ++d) s[d] = kUnknownDim;
  }
  const auto restore = [&graph, &declared] {
    for (size_t i = 0; i < declared.size(); ++i) graph.mutable_value(graph.inputs()[i]).shape = declared[i];
    return ir::InferShapes(graph);
  };
  Status relaxed = ir::InferShapes(graph);
  if (!relaxed.ok()) {
    // Some op cannot infer its output with unknown input dims (e.g. Squeeze of all size-1 dims):
    // keep the declared shapes, which such a graph needs anyway.
    WarnOnce("passes-relaxed-shapes:" + relaxed.message(),
             "pass manager: shapes cannot be inferred with dynamic input dims (" + relaxed.message() +
                 "); the passes take the declared input shapes as fixed");
    OAR_RETURN_IF_ERROR(restore().WithPrefix("pass manager: input graph: "));
    return RunPasses(graph);
  }
  Status s = RunPasses(graph);
  Status restored = restore();
  OAR_RETURN_IF_ERROR(s);
  return restored.WithPrefix("pass manager: restoring the declared input shapes: ");
}

Status PassManager::RunPasses(ir::Graph& graph) {
  const IoSignature io_before = SignatureOf(graph);
  const bool was_topological = IsStoredOrderTopological(graph);
  const bool dump_all = options_.dump_ir_after.count("all") > 0;
  for (const auto& pass : passes_) {
    const PassInfo& info = pass->info();
    PassStats st;
    st.pass = info.name;
    st.nodes_before = st.nodes_after = CountLiveNodes(graph);
    if (info.opt_level > options_.opt_level) {
      OAR_VLOG(1, "pass manager: skipping '" << info.name << "' (opt level " << info.opt_level << " > "
                                             << options_.opt_level << ")");
      stats_.push_back(st);
      continue;
    }
    const std::map<std::string, int> names_before = LiveNodeNames(graph);
    const auto t0 = std::chrono::steady_clock::now();
    StatusOr<int> rewrites = pass->Run(graph);
    st.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!rewrites.ok()) return rewrites.status().WithPrefix("pass manager: pass '" + info.name + "' failed: ");
    graph.Compact();
    if (options_.verify) {
      OAR_RETURN_IF_ERROR(CheckAfter(info.name, graph, was_topological));
      const IoSignature io_after = SignatureOf(graph);
      std::string diff = CompareIo("input", io_before.inputs, io_after.inputs);
      if (diff.empty()) diff = CompareIo("output", io_before.outputs, io_after.outputs);
      if (!diff.empty()) return Internal("pass manager: after pass '" + info.name + "': " + diff);
    }
    st.ran = true;
    st.rewrites = *rewrites;
    st.nodes_after = CountLiveNodes(graph);
    const std::map<std::string, int> names_after = LiveNodeNames(graph);
    for (const auto& [name, count] : names_before) {
      auto it = names_after.find(name);
      st.nodes_removed += std::max(0, count - (it == names_after.end() ? 0 : it->second));
    }
    for (const auto& [name, count] : names_after) {
      auto it = names_before.find(name);
      st.nodes_added += std::max(0, count - (it == names_before.end() ? 0 : it->second));
    }
    OAR_VLOG(1, "pass manager: '" << info.name << "': " << st.rewrites << " rewrites, nodes " << st.nodes_before
                                  << " -> " << st.nodes_after << " (" << st.ms << " ms)");
    stats_.push_back(st);
    if (dump_all || options_.dump_ir_after.count(info.name)) {
      const std::string text = ir::PrintGraph(graph);
      if (options_.dump) {
        options_.dump(info.name, text);
      } else {
        std::fprintf(stderr, "=== IR after %s ===\n%s", info.name.c_str(), text.c_str());
      }
    }
  }
  return Status::OK();
}

std::string FormatPassStats(const std::vector<PassStats>& stats) {
  std::ostringstream os;
  char line[256];
  std::snprintf(line, sizeof(line), "%-24s %4s %8s %15s %8s %8s %9s\n", "pass", "ran", "rewrites", "nodes", "removed",
                "added", "ms");
  os << line;
  for (const PassStats& s : stats) {
    const std::string nodes = std::to_string(s.nodes_before) + " -> " + std::to_string(s.nodes_after);
    std::snprintf(line, sizeof(line), "%-24s %4s %8d %15s %8d %8d %9.3f\n", s.pass.c_str(), s.ran ? "yes" : "no",
                  s.rewrites, nodes.c_str(), s.nodes_removed, s.nodes_added, s.ms);
    os << line;
  }
  return os.str();
}

}  // namespace oar::passes
