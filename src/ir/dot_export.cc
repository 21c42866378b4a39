#include "ir/dot_export.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <vector>

extern char** environ;

namespace oar::ir {

namespace {

constexpr const char* kIoColour = "#dbe9f6";  // graph inputs and outputs (light blue)

/// A DOT double-quoted string: quotes and backslashes escaped, '\n' kept as DOT's line break.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string TypeString(const Value& v) { return std::string(DTypeName(v.dtype)) + v.shape.ToString(); }

/// "conv2d x4, relu x3" over an engine's subgraph, most frequent first.
std::string KindCounts(const Graph& sub) {
  std::map<std::string, int> counts;
  for (NodeId id : sub.LiveNodes()) ++counts[OpKindName(sub.node(id).kind)];
  std::vector<std::pair<int, std::string>> sorted;
  for (const auto& [k, c] : counts) sorted.emplace_back(-c, k);
  std::sort(sorted.begin(), sorted.end());
  std::string s;
  for (const auto& [c, k] : sorted) s += (s.empty() ? "" : ", ") + k + " x" + std::to_string(-c);
  return s;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

std::string ToDot(const Graph& g, const DotOptions& options) {
  std::ostringstream os;
  os << "digraph oar {\n";
  os << "  rankdir=TB;\n";
  if (!options.title.empty()) os << "  label=" << Quote(options.title) << "; labelloc=t; fontsize=18;\n";
  os << "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n";
  os << "  edge [color=\"#555555\", arrowsize=0.7, fontname=\"Helvetica\", fontsize=9];\n";

  std::vector<int> input_index(static_cast<size_t>(g.num_values()), -1);
  for (size_t i = 0; i < g.inputs().size(); ++i) {
    ValueId v = g.inputs()[i];
    input_index[static_cast<size_t>(v)] = static_cast<int>(i);
    os << "  in" << i << " [shape=ellipse, style=filled, fillcolor=\"" << kIoColour
       << "\", label=" << Quote(g.value(v).name + "\n" + TypeString(g.value(v))) << "];\n";
  }
  for (NodeId id : g.LiveNodes()) {
    const Node& n = g.node(id);
    std::string label, colour, extra;
    if (n.kind == OpKind::kEngine) {
      const auto* a = std::get_if<EngineAttrs>(&n.attrs);
      size_t ops = a && a->subgraph ? a->subgraph->LiveNodes().size() : 0;
      label = "engine (" + std::to_string(ops) + (ops == 1 ? " op)" : " ops)") + "\n" + n.name;
      colour = kDotEngineColour;
      extra = ", penwidth=2";
      if (a && a->subgraph)
        extra += ", tooltip=" + Quote((a->backend.empty() ? "" : a->backend + ": ") + KindCounts(*a->subgraph));
    } else {
      label = std::string(OpKindName(n.kind)) + "\n" + n.name;
      colour = kDotNativeColour;
    }
    auto it = options.highlight.find(n.name);
    if (it != options.highlight.end()) colour = it->second;
    os << "  n" << id << " [label=" << Quote(label) << ", fillcolor=" << Quote(colour) << extra << "];\n";
  }
  std::set<ValueId> drawn_constants;
  auto draw_constant = [&](ValueId v) {
    if (!drawn_constants.insert(v).second) return;
    os << "  c" << v << " [shape=note, style=filled, fillcolor=\"#f4f4f4\", fontsize=9, label="
       << Quote(g.value(v).name + "\n" + TypeString(g.value(v))) << "];\n";
  };
  // Source endpoint of a value, or "" when it is not drawn (hidden constant, dangling value).
  auto source = [&](ValueId v) -> std::string {
    const Value& val = g.value(v);
    if (val.producer != kNoNode && !g.node(val.producer).removed) return "n" + std::to_string(val.producer);
    if (input_index[static_cast<size_t>(v)] >= 0) return "in" + std::to_string(input_index[static_cast<size_t>(v)]);
    if (val.is_constant() && options.show_constants) {
      draw_constant(v);
      return "c" + std::to_string(v);
    }
    return "";
  };
  // One edge per (source, destination) pair, or per value when edges carry shapes.
  std::set<std::tuple<std::string, std::string, ValueId>> edges;
  auto edge = [&](ValueId v, const std::string& dst) {
    std::string src = source(v);
    if (src.empty()) return;
    if (!edges.insert({src, dst, options.show_shapes ? v : kNoValue}).second) return;
    os << "  " << src << " -> " << dst;
    if (g.value(v).is_constant()) {
      os << " [style=dashed]";
    } else if (options.show_shapes) {
      os << " [label=" << Quote(TypeString(g.value(v))) << "]";
    }
    os << ";\n";
  };
  for (NodeId id : g.LiveNodes()) {
    for (ValueId v : g.node(id).inputs) {
      if (v != kNoValue) edge(v, "n" + std::to_string(id));
    }
  }
  for (size_t o = 0; o < g.outputs().size(); ++o) {
    ValueId v = g.outputs()[o];
    os << "  out" << o << " [shape=ellipse, style=filled, fillcolor=\"" << kIoColour
       << "\", label=" << Quote(g.value(v).name + "\n" + TypeString(g.value(v))) << "];\n";
    edge(v, "out" + std::to_string(o));
  }
  os << "}\n";
  return os.str();
}

Status WriteSvg(const std::string& dot, const std::string& svg_path, const std::string& dot_program) {
  const char* tmp_root = std::getenv("TMPDIR");
  std::string tmp = std::string(tmp_root && *tmp_root ? tmp_root : "/tmp") + "/oar-dot-XXXXXX";
  std::vector<char> dot_path(tmp.begin(), tmp.end());
  dot_path.push_back('\0');
  int fd = mkstemp(dot_path.data());
  if (fd < 0) return Internal("dot export: cannot create a temporary file " + tmp + ": " + std::strerror(errno));
  size_t written = 0;
  while (written < dot.size()) {
    ssize_t w = ::write(fd, dot.data() + written, dot.size() - written);
    if (w <= 0) break;
    written += static_cast<size_t>(w);
  }
  ::close(fd);
  const std::string in_path(dot_path.data());
  const std::string err_path = in_path + ".stderr";
  if (written != dot.size()) {
    std::remove(in_path.c_str());
    return Internal("dot export: cannot write the temporary file " + in_path);
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> args = {dot_program, "-Tsvg", "-o", svg_path, in_path};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, dot_program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);

  int exit_code = -1;
  if (rc == 0) {
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    exit_code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + (WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0);
  }
  std::string err = ReadFile(err_path);
  std::remove(in_path.c_str());
  std::remove(err_path.c_str());
  while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();

  // posix_spawnp reports a missing program as ENOENT; a shell-style 127 covers C libraries that
  // only notice it in the child.
  if (rc == ENOENT || exit_code == 127) {
    return NotFound("dot export: Graphviz program '" + dot_program + "' not found on PATH, so '" + svg_path +
                    "' cannot be drawn; install Graphviz (Debian/Ubuntu: apt-get install graphviz) or write the "
                    "DOT text and render it elsewhere");
  }
  if (rc != 0) return Internal("dot export: cannot start '" + dot_program + "': " + std::strerror(rc));
  if (exit_code != 0) {
    return InvalidArgument("dot export: '" + dot_program + " -Tsvg' failed to write '" + svg_path + "' (exit code " +
                           std::to_string(exit_code) + ")" + (err.empty() ? "" : ": " + err));
  }
  return Status::OK();
}

}  // namespace oar::ir
