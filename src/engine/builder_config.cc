#include "engine/builder_config.h"

#include "ir/op_schema.h"

namespace oar::engine {

const char* PrecisionName(Precision p) {
  switch (p) {
    case Precision::kFp32: return "fp32";
    case Precision::kBf16: return "bf16";
    case Precision::kFp16: return "fp16";
    case Precision::kInt8: return "int8";
  }
  return "?";
}

bool ParsePrecision(const std::string& name, Precision* out) {
  for (Precision p : {Precision::kFp32, Precision::kBf16, Precision::kFp16, Precision::kInt8}) {
    if (name == PrecisionName(p)) {
      *out = p;
      return true;
    }
  }
  return false;
}

bool ShapeRange::Contains(const Shape& s) const {
  if (s.rank() != min.rank() || s.rank() != max.rank()) return false;
  for (int d = 0; d < s.rank(); ++d) {
    if (s[d] < min[d] || s[d] > max[d]) return false;
  }
  return true;
}

Status OptimizationProfile::Add(const std::string& input, Shape min, Shape opt, Shape max) {
  const std::string where = "engine profile: input '" + input + "': ";
  if (min.rank() != opt.rank() || min.rank() != max.rank()) {
    return InvalidArgument(where + "min " + min.ToString() + ", opt " + opt.ToString() + " and max " +
                           max.ToString() + " must have the same rank");
  }
  for (int d = 0; d < min.rank(); ++d) {
    if (min[d] < 0 || !(min[d] <= opt[d] && opt[d] <= max[d])) {
      return InvalidArgument(where + "expected 0 <= min <= opt <= max in dim " + std::to_string(d) + ", got min " +
                             min.ToString() + " opt " + opt.ToString() + " max " + max.ToString());
    }
  }
  ranges[input] = ShapeRange{std::move(min), std::move(opt), std::move(max)};
  return Status::OK();
}

const ShapeRange* OptimizationProfile::Find(const std::string& input) const {
  auto it = ranges.find(input);
  return it == ranges.end() ? nullptr : &it->second;
}

std::string OptimizationProfile::ToString() const {
  std::string out;
  for (const auto& [name, r] : ranges) {
    out += (out.empty() ? "" : "; ") + name + ": min " + r.min.ToString() + " opt " + r.opt.ToString() + " max " +
           r.max.ToString();
  }
  return out;
}

namespace {

// Shapes of `names` after inferring `full` with each profiled input at the shape `pick` selects.
StatusOr<std::vector<Shape>> InferAt(const ir::Graph& full, const OptimizationProfile& model_profile,
                                     const std::vector<std::string>& names, const char* which,
                                     Shape ShapeRange::*pick) {
  ir::Graph g = full;
  for (ir::ValueId v : g.inputs()) {
    ir::Value& val = g.mutable_value(v);
    if (const ShapeRange* r = model_profile.Find(val.name)) {
      if (r->min.rank() != val.shape.rank()) {
        return InvalidArgument("engine profile: input '" + val.name + "': the model declares rank " +
                               std::to_string(val.shape.rank()) + " " + val.shape.ToString() +
                               ", the profile gives rank " + std::to_string(r->min.rank()) + " " + r->min.ToString());
      }
      val.shape = r->*pick;
    } else if (!val.shape.IsStatic()) {
      return InvalidArgument("engine profile: model input '" + val.name + "' has dynamic shape " +
                             val.shape.ToString() +
                             " but no min/opt/max range; give one for every dynamic input (SetDynamicShapeInfo)");
    }
  }
  for (const auto& [name, r] : model_profile.ranges) {
    ir::ValueId v = g.FindValue(name);
    bool is_input = false;
    for (ir::ValueId in : g.inputs()) is_input |= in == v;
    if (!is_input) return InvalidArgument("engine profile: '" + name + "' is not an input of the model");
  }
  Status s = ir::InferShapes(g);
  if (!s.ok()) {
    return InvalidArgument(std::string("engine profile: shape inference at the ") + which +
                           " shapes failed: " + s.message());
  }
  std::vector<Shape> out;
  for (const std::string& n : names) {
    ir::ValueId v = g.FindValue(n);
    if (v == ir::kNoValue) return NotFound("engine profile: subgraph input '" + n + "' is not a value of the graph");
    if (!g.value(v).shape.IsStatic()) {
      return InvalidArgument("engine profile: value '" + n + "' still has unknown dims " + g.value(v).shape.ToString() +
                             " at the " + which + " shapes");
    }
    out.push_back(g.value(v).shape);
  }
  return out;
}

}  // namespace

StatusOr<OptimizationProfile> DeriveSubgraphRanges(const ir::Graph& full_graph,
                                                   const OptimizationProfile& model_profile,
                                                   const std::vector<std::string>& subgraph_inputs) {
  OAR_ASSIGN_OR_RETURN(std::vector<Shape> mins,
                       InferAt(full_graph, model_profile, subgraph_inputs, "min", &ShapeRange::min));
  OAR_ASSIGN_OR_RETURN(std::vector<Shape> opts,
                       InferAt(full_graph, model_profile, subgraph_inputs, "opt", &ShapeRange::opt));
  OAR_ASSIGN_OR_RETURN(std::vector<Shape> maxs,
                       InferAt(full_graph, model_profile, subgraph_inputs, "max", &ShapeRange::max));
  OptimizationProfile out;
  for (size_t i = 0; i < subgraph_inputs.size(); ++i) {
    OAR_RETURN_IF_ERROR(out.Add(subgraph_inputs[i], mins[i], opts[i], maxs[i]));
  }
  return out;
}

}  // namespace oar::engine
