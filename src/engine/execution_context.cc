#include "engine/execution_context.h"

#include <algorithm>
#include <cstring>

#include "engine/builder.h"

#ifdef OAR_WITH_ONEDNN
#include "engine/cpu/onednn_network.h"
#endif

namespace oar::engine {

ExecutionContext::ExecutionContext(std::shared_ptr<const Engine> engine) : engine_(std::move(engine)) {
  if (engine_->plan().data().runner != "onednn") {
    for (const Engine::Step& s : engine_->steps()) kernels_.push_back(s.def->factory());
  }
  prepared_.assign(kernels_.size(), false);
  prepared_shapes_.resize(kernels_.size());
  arena_plan_ = engine_->plan().data().arena;
}

ExecutionContext::~ExecutionContext() = default;

size_t ExecutionContext::arena_bytes() const {
#ifdef OAR_WITH_ONEDNN
  if (!networks_.empty()) return networks_.front()->arena_bytes();
#endif
  return arena_ ? arena_->size() : 0;
}

Status ExecutionContext::RunNetwork(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                    const std::vector<Shape>& input_shapes, int num_threads) {
  const std::string where = "engine '" + engine_->name() + "': ";
#ifdef OAR_WITH_ONEDNN
  num_threads = std::max(num_threads, 1);
  size_t found = networks_.size();
  for (size_t i = 0; i < networks_.size(); ++i) {
    if (networks_[i]->Matches(input_shapes) && networks_[i]->num_threads() == num_threads) {
      found = i;
      break;
    }
  }
  if (found == networks_.size()) {
    auto settings = cpu::OnednnRunnerSettings::Decode(engine_->plan().data().backend_blob);
    if (!settings.ok()) return settings.status().WithPrefix(where);
    if (!weights_) weights_ = std::make_unique<cpu::OnednnWeightCache>();
    cpu::OnednnNetwork::Options options;
    options.conv_layout = settings.value().conv_layout;
    options.weights = weights_.get();
    auto net = cpu::OnednnNetwork::Create(engine_->subgraph(), engine_->plan().data().precision, input_shapes,
                                          num_threads, options);
    if (!net.ok()) return net.status().WithPrefix(where);
    if (networks_built_++ > 0) ++replans_;
    networks_.insert(networks_.begin(), std::move(net).value());
    if (networks_.size() > kMaxNetworks) networks_.pop_back();
  } else if (found > 0) {
    std::rotate(networks_.begin(), networks_.begin() + static_cast<std::ptrdiff_t>(found),
                networks_.begin() + static_cast<std::ptrdiff_t>(found) + 1);
  }
  cpu::OnednnNetwork& net = *networks_.front();
  for (size_t o = 0; o < outputs.size(); ++o) {
    Tensor& out = *outputs[o];
    const Shape& shape = net.output_shapes()[o];
    const DType dtype = net.output_dtypes()[o];
    if (!out.defined() || out.shape() != shape || out.dtype() != dtype || !out.buffer()) out.Resize(dtype, shape);
  }
  Status st = net.Run(inputs, outputs);
  if (!st.ok()) return st.WithPrefix(where);
  return Status::OK();
#else
  (void)inputs;
  (void)outputs;
  (void)input_shapes;
  (void)num_threads;
  return Unsupported(where + "the plan runs on the oneDNN runner, and this build has no oneDNN (rebuild the plan)");
#endif
}

Status ExecutionContext::Rebind(const std::vector<Shape>& input_shapes) {
  const ir::Graph& g = engine_->subgraph();
  auto shapes = ValueShapesAt(g, input_shapes, &dtypes_);
  if (!shapes.ok()) return shapes.status().WithPrefix("engine '" + engine_->name() + "': ");
  shapes_ = std::move(shapes).value();
  std::vector<size_t> bytes(shapes_.size(), 0);
  for (size_t v = 0; v < shapes_.size(); ++v) {
    if (!shapes_[v].IsStatic()) {
      return Internal("engine '" + engine_->name() + "': value '" + g.value(static_cast<ir::ValueId>(v)).name +
                      "' has unknown dims " + shapes_[v].ToString() + " at run time");
    }
    bytes[v] = static_cast<size_t>(shapes_[v].NumElements()) * DTypeSize(dtypes_[v]);
  }
  if (!arena_plan_.Fits(bytes)) {
    std::vector<ir::NodeId> order;
    for (const Engine::Step& s : engine_->steps()) order.push_back(s.node);
    arena_plan_ = PlanArena(g, order, bytes);
    ++replans_;
  }
  if (!arena_ || arena_->size() < arena_plan_.total_bytes) arena_ = AllocateBuffer(arena_plan_.total_bytes);
  values_.assign(shapes_.size(), Tensor());
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    const size_t vi = static_cast<size_t>(v);
    if (g.value(v).is_constant()) {
      values_[vi] = *g.value(v).constant;
    } else if (arena_plan_.offsets[vi] >= 0) {
      values_[vi] = Tensor(dtypes_[vi], shapes_[vi], arena_, static_cast<size_t>(arena_plan_.offsets[vi]));
    }
  }
  bound_inputs_ = input_shapes;
  bound_ = true;
  return Status::OK();
}

Status ExecutionContext::Run(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                             int num_threads) {
  const ir::Graph& g = engine_->subgraph();
  const std::string where = "engine '" + engine_->name() + "': ";
  if (outputs.size() != g.outputs().size()) {
    return InvalidArgument(where + "expected " + std::to_string(g.outputs().size()) + " outputs, got " +
                           std::to_string(outputs.size()));
  }
  if (inputs.size() != g.inputs().size()) {
    return InvalidArgument(where + "expected " + std::to_string(g.inputs().size()) + " inputs, got " +
                           std::to_string(inputs.size()));
  }
  std::vector<Shape> in_shapes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ir::Value& spec = g.value(g.inputs()[i]);
    if (!inputs[i] || !inputs[i]->defined()) {
      return InvalidArgument(where + "input #" + std::to_string(i) + " is unset");
    }
    if (inputs[i]->dtype() != spec.dtype) {
      return InvalidArgument(where + "input '" + spec.name + "': expected dtype " + DTypeName(spec.dtype) + ", got " +
                             inputs[i]->Describe());
    }
    in_shapes.push_back(inputs[i]->shape());
  }
  OAR_RETURN_IF_ERROR(engine_->CheckInputShapes(in_shapes));
  if (engine_->plan().data().runner == "onednn") return RunNetwork(inputs, outputs, in_shapes, num_threads);
  if (!bound_ || in_shapes != bound_inputs_) OAR_RETURN_IF_ERROR(Rebind(in_shapes));

  for (size_t i = 0; i < inputs.size(); ++i) values_[static_cast<size_t>(g.inputs()[i])] = *inputs[i];
  // Outputs: computed straight into the caller's tensors, except for outputs that are subgraph
  // inputs or constants, or that repeat an earlier output: those are copied after the run.
  std::vector<char> is_input(values_.size(), 0), bound_out(values_.size(), 0);
  for (ir::ValueId v : g.inputs()) is_input[static_cast<size_t>(v)] = 1;
  std::vector<size_t> copy_after;
  for (size_t o = 0; o < outputs.size(); ++o) {
    const size_t v = static_cast<size_t>(g.outputs()[o]);
    Tensor& out = *outputs[o];
    if (!out.defined() || out.shape() != shapes_[v] || out.dtype() != dtypes_[v] || !out.buffer()) {
      out.Resize(dtypes_[v], shapes_[v]);
    }
    if (is_input[v] || g.value(static_cast<ir::ValueId>(v)).is_constant() || bound_out[v]) {
      copy_after.push_back(o);
    } else {
      values_[v] = out;
      bound_out[v] = 1;
    }
  }

  const auto& steps = engine_->steps();
  for (size_t s = 0; s < steps.size(); ++s) {
    const ir::Node& n = g.node(steps[s].node);
    runtime::KernelContext ctx;
    ctx.node = &n;
    ctx.num_threads = num_threads;
    bool changed = !prepared_[s];
    std::vector<Shape>& ps = prepared_shapes_[s];
    for (size_t i = 0; i < n.inputs.size(); ++i) {
      ir::ValueId v = n.inputs[i];
      const Tensor* t = v == ir::kNoValue ? nullptr : &values_[static_cast<size_t>(v)];
      ctx.inputs.push_back(t);
      ctx.constant_inputs.push_back(v != ir::kNoValue && g.value(v).is_constant());
      if (prepared_[s] && (t ? t->shape() : Shape()) != ps[i]) changed = true;
    }
    for (ir::ValueId v : n.outputs) ctx.outputs.push_back(&values_[static_cast<size_t>(v)]);
    if (changed) {
      Status st = kernels_[s]->Prepare(ctx);
      if (!st.ok()) return st.WithPrefix(where + "layer '" + n.name + "': ");
      prepared_[s] = true;
      ps.clear();
      for (const Tensor* t : ctx.inputs) ps.push_back(t ? t->shape() : Shape());
    }
    Status st = kernels_[s]->Run(ctx);
    if (!st.ok()) return st.WithPrefix(where + "layer '" + n.name + "': ");
  }
  for (size_t o : copy_after) {
    const Tensor& src = values_[static_cast<size_t>(g.outputs()[o])];
    if (src.nbytes()) std::memcpy(outputs[o]->raw_data(), src.raw_data(), src.nbytes());
  }
  return Status::OK();
}

Status ExecutionContext::Run(const std::vector<Tensor>& inputs, std::vector<Tensor>* outputs, int num_threads) {
  std::vector<const Tensor*> in;
  for (const Tensor& t : inputs) in.push_back(&t);
  outputs->assign(engine_->subgraph().outputs().size(), Tensor());
  std::vector<Tensor*> out;
  for (Tensor& t : *outputs) out.push_back(&t);
  return Run(in, out, num_threads);
}

}  // namespace oar::engine
