#include "engine/engine.h"

#include <map>

#include "engine/builder.h"
#include "engine/execution_context.h"

namespace oar::engine {

namespace {

// The deleter of every Engine's control block; its type marks a SubgraphHandle.
struct EngineDeleter {
  const Engine* engine = nullptr;
  void operator()(const Engine* e) const { delete e; }
};

}  // namespace

std::shared_ptr<const ir::Graph> Engine::SubgraphHandle() const {
  return std::shared_ptr<const ir::Graph>(shared_from_this(), &plan_.subgraph());
}

std::shared_ptr<const Engine> Engine::FromSubgraph(const std::shared_ptr<const ir::Graph>& subgraph) {
  const EngineDeleter* d = subgraph ? std::get_deleter<EngineDeleter>(subgraph) : nullptr;
  if (!d || !d->engine) return nullptr;
  return d->engine->shared_from_this();
}

StatusOr<std::shared_ptr<const Engine>> Engine::Create(Plan plan, std::string name) {
  if (!plan.valid()) return InvalidArgument("engine '" + name + "': empty plan");
  Engine* raw = new Engine(std::move(plan), std::move(name));
  std::shared_ptr<Engine> e(raw, EngineDeleter{raw});
  const ir::Graph& g = e->subgraph();
  const std::string where = "engine '" + e->name_ + "': ";
  OAR_ASSIGN_OR_RETURN(std::vector<ir::NodeId> order, g.TopologicalOrder());
  std::map<std::string, const LayerChoice*> by_name;
  for (const LayerChoice& l : e->plan_.data().layers) by_name[l.node] = &l;
  if (by_name.size() != order.size()) {
    return InvalidArgument(where + "the plan has " + std::to_string(by_name.size()) + " layers, its subgraph " +
                           std::to_string(order.size()) + " nodes");
  }
  for (ir::NodeId id : order) {
    const ir::Node& n = g.node(id);
    auto it = by_name.find(n.name);
    if (it == by_name.end()) return InvalidArgument(where + "the plan has no tactic for layer '" + n.name + "'");
    std::vector<DType> dtypes;
    for (ir::ValueId v : n.inputs) dtypes.push_back(v == ir::kNoValue ? DType::kUndefined : g.value(v).dtype);
    const runtime::DeviceType device =
        e->plan_.data().backend == "cuda" ? runtime::DeviceType::kCuda : runtime::DeviceType::kCpu;
    auto def = runtime::KernelRegistry::Global().Find(n, device, dtypes, it->second->tactic);
    if (!def.ok()) {
      return NotFound(where + "layer '" + n.name + "' (" + ir::OpKindName(n.kind) + "): tactic '" + it->second->tactic +
                      "' is not available in this build (" + def.status().message() + ")");
    }
    e->steps_.push_back(Step{id, def.value()});
  }
  BuilderConfig cfg;
  cfg.profile = e->plan_.data().profile;
  cfg.max_batch_size = e->plan_.data().max_batch_size;
  OAR_ASSIGN_OR_RETURN(e->input_ranges_, SubgraphInputRanges(g, cfg));
  for (ir::ValueId v : g.inputs()) e->profiled_.push_back(cfg.profile.Find(g.value(v).name) != nullptr);
  return std::shared_ptr<const Engine>(std::move(e));
}

Status Engine::CheckInputShapes(const std::vector<Shape>& shapes) const {
  const ir::Graph& g = subgraph();
  if (shapes.size() != g.inputs().size()) {
    return InvalidArgument("engine '" + name_ + "': expected " + std::to_string(g.inputs().size()) + " inputs, got " +
                           std::to_string(shapes.size()));
  }
  for (size_t i = 0; i < shapes.size(); ++i) {
    const ir::Value& spec = g.value(g.inputs()[i]);
    const Shape& s = shapes[i];
    const ShapeRange& r = input_ranges_[i];
    const std::string where = "engine '" + name_ + "': input '" + spec.name + "' shape " + s.ToString();
    if (s.rank() != r.min.rank()) {
      return InvalidArgument(where + ": expected rank " + std::to_string(r.min.rank()) + " " + spec.shape.ToString());
    }
    if (profiled_[i]) {
      if (!r.Contains(s)) {
        return InvalidArgument(where + " is outside the profile range min " + r.min.ToString() + " max " +
                               r.max.ToString());
      }
      continue;
    }
    for (int d = 0; d < s.rank(); ++d) {
      if (d == 0 && s[0] >= 1 && s[0] <= std::max<int64_t>(r.max[0], plan_.data().max_batch_size)) continue;
      if (d == 0 && s[0] > r.max[0]) {
        return InvalidArgument(where + ": batch " + std::to_string(s[0]) + " exceeds max_batch_size " +
                               std::to_string(plan_.data().max_batch_size) +
                               " (build with a larger max_batch_size or give a min/opt/max profile)");
      }
      if (s[d] != r.max[d]) {
        return InvalidArgument(where + ": expected " + spec.shape.ToString() + " (dim " + std::to_string(d) +
                               "; the engine was built for that shape; give a min/opt/max profile to vary it)");
      }
    }
  }
  return Status::OK();
}

StatusOr<std::unique_ptr<ExecutionContext>> Engine::CreateExecutionContext() const {
  return std::make_unique<ExecutionContext>(shared_from_this());
}

}  // namespace oar::engine
