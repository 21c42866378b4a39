#include "api/shape_range_file.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace oar::infer {

namespace {

std::string DimsText(const std::vector<int64_t>& dims) {
  std::string s;
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "x" : "") + std::to_string(dims[i]);
  return s;
}

bool ParseDims(const std::string& text, std::vector<int64_t>* dims) {
  dims->clear();
  if (text.empty()) return true;  // rank 0
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, 'x')) {
    if (item.empty() || item.size() > 18 || item.find_first_not_of("0123456789") != std::string::npos) return false;
    dims->push_back(std::stoll(item));
  }
  return true;
}

}  // namespace

void ShapeRangeCollector::Observe(const std::string& name, const std::vector<int64_t>& shape, int64_t times) {
  counts_[name][shape] += times;
}

std::map<std::string, ShapeRange3> ShapeRangeCollector::Ranges() const {
  std::map<std::string, ShapeRange3> out;
  for (const auto& [name, shapes] : counts_) {
    ShapeRange3 r;
    int64_t best = -1;
    for (const auto& [shape, count] : shapes) {
      if (r.min.empty() && r.max.empty()) {
        r.min = r.max = shape;
      } else if (shape.size() == r.min.size()) {
        for (size_t d = 0; d < shape.size(); ++d) {
          r.min[d] = std::min(r.min[d], shape[d]);
          r.max[d] = std::max(r.max[d], shape[d]);
        }
      }
      if (count > best) {
        best = count;
        r.opt = shape;
      }
    }
    r.seen = shapes;
    out[name] = r;
  }
  return out;
}

Status WriteShapeRangeFile(const std::string& path, const std::map<std::string, ShapeRange3>& ranges) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    if (!out) return NotFound("shape range file: cannot write '" + tmp + "'");
    for (const auto& [name, r] : ranges) {
      out << name << " min=" << DimsText(r.min) << " opt=" << DimsText(r.opt) << " max=" << DimsText(r.max);
      std::string sep = " seen=";
      for (const auto& [shape, count] : r.seen) {
        out << sep << DimsText(shape) << ":" << count;
        sep = ",";
      }
      out << "\n";
    }
    if (!out) return Internal("shape range file: writing '" + tmp + "' failed");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Internal("shape range file: cannot rename '" + tmp + "' to '" + path + "'");
  }
  return Status::OK();
}

StatusOr<std::map<std::string, ShapeRange3>> ReadShapeRangeFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound("shape range file: cannot open '" + path + "' (write it with CollectShapeRangeInfo)");
  std::map<std::string, ShapeRange3> ranges;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string name, min_s, opt_s, max_s, seen_s;
    ss >> name >> min_s >> opt_s >> max_s >> seen_s;
    ShapeRange3 r;
    auto field = [](const std::string& s, const char* key, std::vector<int64_t>* dims) {
      std::string prefix = std::string(key) + "=";
      return s.compare(0, prefix.size(), prefix) == 0 && ParseDims(s.substr(prefix.size()), dims);
    };
    if (name.empty() || !field(min_s, "min", &r.min) || !field(opt_s, "opt", &r.opt) || !field(max_s, "max", &r.max) ||
        r.min.size() != r.opt.size() || r.opt.size() != r.max.size()) {
      return InvalidArgument("shape range file '" + path + "' line " + std::to_string(lineno) +
                             ": expected '<input> min=AxB.. opt=AxB.. max=AxB..' of one rank, got '" + line + "'");
    }
    if (!seen_s.empty()) {
      bool ok = seen_s.compare(0, 5, "seen=") == 0;
      std::stringstream items(ok ? seen_s.substr(5) : "");
      std::string item;
      while (ok && std::getline(items, item, ',')) {
        size_t colon = item.rfind(':');
        std::vector<int64_t> dims;
        ok = colon != std::string::npos && ParseDims(item.substr(0, colon), &dims) &&
             item.size() > colon + 1 && item.find_first_not_of("0123456789", colon + 1) == std::string::npos;
        if (ok) r.seen[dims] += std::stoll(item.substr(colon + 1));
      }
      if (!ok) {
        return InvalidArgument("shape range file '" + path + "' line " + std::to_string(lineno) +
                               ": bad 'seen=' list '" + seen_s + "' (expected seen=AxB..:count,...)");
      }
    }
    ranges[name] = r;
  }
  return ranges;
}

}  // namespace oar::infer
