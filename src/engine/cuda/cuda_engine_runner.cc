#include "engine/cuda/cuda_engine_runner.h"

#include <map>

#include "core/logging.h"
#include "cuda/cuda_status.h"
#include "engine/builder.h"
#include "engine/cuda/cuda_builder.h"
#include "kernels/cuda/reformat.h"

namespace oar::engine::cuda {

namespace {

// A 4-D tensor whose H*W is 1 has the same bytes in NCHW and NHWC: no reformat needed.
bool LayoutMatters(const Shape& s) { return s.rank() == 4 && s[2] * s[3] != 1; }

}  // namespace

StatusOr<std::unique_ptr<CudaEngineRunner>> CudaEngineRunner::Create(std::shared_ptr<const Engine> engine,
                                                                     oar::cuda::CudaContext* cctx, bool cuda_graph) {
  if (!cctx) return Internal("cuda engine '" + engine->name() + "': runs without a CUDA context");
  std::unique_ptr<CudaEngineRunner> r(new CudaEngineRunner(std::move(engine), cctx, cuda_graph));
  OAR_RETURN_IF_ERROR(r->Init());
  return r;
}

CudaEngineRunner::~CudaEngineRunner() { DropGraph(); }

void CudaEngineRunner::DropGraph() {
  if (graph_exec_) cudaGraphExecDestroy(graph_exec_);
  if (graph_) cudaGraphDestroy(graph_);
  graph_exec_ = nullptr;
  graph_ = nullptr;
}

Status CudaEngineRunner::Init() {
  const ir::Graph& g = engine_->subgraph();
  OAR_ASSIGN_OR_RETURN(std::set<std::string> cl, ChannelsLastLayers(engine_->plan().data().backend_blob));
  value_cl_.assign(static_cast<size_t>(g.num_values()), 0);
  device_constants_.assign(static_cast<size_t>(g.num_values()), Tensor());
  for (const Engine::Step& s : engine_->steps()) {
    const ir::Node& n = g.node(s.node);
    Layer layer;
    layer.node = s.node;
    layer.def = s.def;
    layer.kernel = s.def->factory();
    const bool node_cl = cl.count(n.name) > 0;
    layer.channels_last = node_cl && !IsLayoutAgnostic(g, n);
    if (node_cl) {
      for (ir::ValueId v : n.outputs) value_cl_[static_cast<size_t>(v)] = 1;  // rank checked at bind
    }
    layers_.push_back(std::move(layer));
  }
  // Weights go to the device once per runner.
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    if (!g.value(v).is_constant()) continue;
    OAR_ASSIGN_OR_RETURN(device_constants_[static_cast<size_t>(v)], oar::cuda::ToDevice(*g.value(v).constant, *cctx_));
  }
  return Status::OK();
}

Status CudaEngineRunner::Rebind(const std::vector<Shape>& input_shapes) {
  DropGraph();
  runs_at_binding_ = 0;
  const ir::Graph& g = engine_->subgraph();
  const std::string where = "cuda engine '" + engine_->name() + "': ";
  auto shapes = ValueShapesAt(g, input_shapes, &dtypes_);
  if (!shapes.ok()) return shapes.status().WithPrefix(where);
  shapes_ = std::move(shapes).value();
  std::vector<size_t> bytes(shapes_.size(), 0);
  for (size_t v = 0; v < shapes_.size(); ++v) {
    if (!shapes_[v].IsStatic()) {
      return Internal(where + "value '" + g.value(static_cast<ir::ValueId>(v)).name + "' has unknown dims " +
                      shapes_[v].ToString() + " at run time");
    }
    bytes[v] = static_cast<size_t>(shapes_[v].NumElements()) * DTypeSize(dtypes_[v]);
  }
  if (!arena_plan_.Fits(bytes) || arena_plan_.offsets.empty()) {
    std::vector<ir::NodeId> order;
    for (const Layer& l : layers_) order.push_back(l.node);
    const bool first = arena_plan_.offsets.empty();
    arena_plan_ = first && engine_->plan().data().arena.Fits(bytes) ? engine_->plan().data().arena
                                                                     : PlanArena(g, order, bytes);
    if (!first) ++replans_;
  }
  if (!arena_ || arena_->size() < arena_plan_.total_bytes) {
    OAR_ASSIGN_OR_RETURN(arena_, oar::cuda::DeviceAllocator::Get(cctx_->device()).Allocate(arena_plan_.total_bytes));
  }
  values_.assign(shapes_.size(), Tensor());
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    const size_t vi = static_cast<size_t>(v);
    if (g.value(v).is_constant()) {
      values_[vi] = device_constants_[vi];
    } else if (arena_plan_.offsets[vi] >= 0) {
      values_[vi] = Tensor(dtypes_[vi], shapes_[vi], arena_, static_cast<size_t>(arena_plan_.offsets[vi]));
    } else {
      // Subgraph inputs and outputs: the engine's own buffers, so a captured graph sees fixed
      // addresses whatever tensors the caller passes.
      OAR_ASSIGN_OR_RETURN(values_[vi], cctx_->Empty(dtypes_[vi], shapes_[vi]));
    }
  }
  // Per layer: its tensors, and the reformats its inputs need.
  for (Layer& l : layers_) {
    const ir::Node& n = g.node(l.node);
    l.inputs.clear();
    l.outputs.clear();
    l.constant_inputs.clear();
    l.reformats.clear();
    l.reformats.reserve(n.inputs.size());
    for (ir::ValueId v : n.inputs) {
      if (v == ir::kNoValue) {
        l.inputs.push_back(nullptr);
        l.constant_inputs.push_back(false);
        continue;
      }
      const size_t vi = static_cast<size_t>(v);
      const bool constant = g.value(v).is_constant();
      l.constant_inputs.push_back(constant);
      const bool stored_cl = value_cl_[vi] && LayoutMatters(shapes_[vi]);
      const bool wants_cl = !constant && LayoutMatters(shapes_[vi]) &&
                            (l.channels_last || (IsLayoutAgnostic(g, n) && value_cl_[static_cast<size_t>(n.outputs[0])]));
      if (constant || stored_cl == wants_cl) {
        l.inputs.push_back(&values_[vi]);
        continue;
      }
      Reformat r;
      r.value = v;
      r.to_channels_last = wants_cl;
      OAR_ASSIGN_OR_RETURN(r.scratch, cctx_->Empty(dtypes_[vi], shapes_[vi]));
      l.reformats.push_back(std::move(r));
      l.inputs.push_back(&l.reformats.back().scratch);
    }
    for (ir::ValueId v : n.outputs) l.outputs.push_back(&values_[static_cast<size_t>(v)]);
  }
  bound_inputs_ = input_shapes;
  bound_ = true;
  return Status::OK();
}

Status CudaEngineRunner::RunLayers() {
  const ir::Graph& g = engine_->subgraph();
  const std::string where = "cuda engine '" + engine_->name() + "': ";
  for (Layer& l : layers_) {
    const ir::Node& n = g.node(l.node);
    for (Reformat& r : l.reformats) {
      const Shape& s = shapes_[static_cast<size_t>(r.value)];
      const Tensor& src = values_[static_cast<size_t>(r.value)];
      OAR_RETURN_IF_ERROR(kernels::cuda::LaunchReformat(cctx_->stream(), src.raw_data(), src.dtype(),
                                                        !r.to_channels_last, r.scratch.raw_data(), src.dtype(),
                                                        r.to_channels_last, s[0], s[1], s[2], s[3],
                                                        where + "reformat of '" + g.value(r.value).name + "'"));
    }
    runtime::KernelContext ctx;
    ctx.node = &n;
    ctx.inputs = l.inputs;
    ctx.outputs = l.outputs;
    ctx.constant_inputs = l.constant_inputs;
    ctx.cuda = cctx_;
    ctx.workspace_limit = engine_->plan().data().workspace_size;
    ctx.channels_last = l.channels_last;
    bool changed = !l.prepared;
    for (size_t i = 0; i < l.inputs.size() && !changed; ++i) {
      changed = (l.inputs[i] ? l.inputs[i]->shape() : Shape()) != l.prepared_shapes[i];
    }
    if (changed) {
      Status st = l.kernel->Prepare(ctx);
      if (!st.ok()) return st.WithPrefix(where + "layer '" + n.name + "': ");
      l.prepared = true;
      l.prepared_shapes.clear();
      for (const Tensor* t : l.inputs) l.prepared_shapes.push_back(t ? t->shape() : Shape());
    }
    Status st = l.kernel->Run(ctx);
    if (!st.ok()) return st.WithPrefix(where + "layer '" + n.name + "': ");
  }
  return Status::OK();
}

Status CudaEngineRunner::Run(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
  const ir::Graph& g = engine_->subgraph();
  const std::string where = "cuda engine '" + engine_->name() + "': ";
  if (inputs.size() != g.inputs().size() || outputs.size() != g.outputs().size()) {
    return InvalidArgument(where + "expected " + std::to_string(g.inputs().size()) + " inputs and " +
                           std::to_string(g.outputs().size()) + " outputs, got " + std::to_string(inputs.size()) +
                           " and " + std::to_string(outputs.size()));
  }
  std::vector<Shape> in_shapes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ir::Value& spec = g.value(g.inputs()[i]);
    if (!inputs[i] || !inputs[i]->defined()) return InvalidArgument(where + "input '" + spec.name + "' is unset");
    if (inputs[i]->dtype() != spec.dtype) {
      return InvalidArgument(where + "input '" + spec.name + "': expected dtype " + DTypeName(spec.dtype) + ", got " +
                             inputs[i]->Describe());
    }
    in_shapes.push_back(inputs[i]->shape());
  }
  OAR_RETURN_IF_ERROR(engine_->CheckInputShapes(in_shapes));
  if (!bound_ || in_shapes != bound_inputs_) OAR_RETURN_IF_ERROR(Rebind(in_shapes));

  for (size_t i = 0; i < inputs.size(); ++i) {
    Tensor& own = values_[static_cast<size_t>(g.inputs()[i])];
    OAR_RETURN_IF_ERROR(oar::cuda::CopyTensor(*inputs[i], &own, cctx_->stream(), where + "input copy"));
  }
  ++runs_at_binding_;
  if (graph_exec_) {
    OAR_CUDA_RETURN_IF_ERROR(cudaGraphLaunch(graph_exec_, cctx_->stream()), where);
  } else if (use_graph_ && runs_at_binding_ >= 2) {
    // Kernels are prepared (first run): capture every layer into one graph.
    Status captured = oar::cuda::FromCuda(cudaStreamBeginCapture(cctx_->stream(), cudaStreamCaptureModeThreadLocal),
                                          where + "cudaStreamBeginCapture");
    Status ran = captured.ok() ? RunLayers() : captured;
    if (captured.ok()) {
      cudaGraph_t graph = nullptr;
      Status ended = oar::cuda::FromCuda(cudaStreamEndCapture(cctx_->stream(), &graph), where + "cudaStreamEndCapture");
      if (ran.ok() && ended.ok()) {
        graph_ = graph;
        ran = oar::cuda::FromCuda(cudaGraphInstantiate(&graph_exec_, graph_, 0), where + "cudaGraphInstantiate");
      } else if (graph) {
        cudaGraphDestroy(graph);
      }
      if (ran.ok()) ran = ended;
    }
    if (ran.ok()) {
      OAR_CUDA_RETURN_IF_ERROR(cudaGraphLaunch(graph_exec_, cctx_->stream()), where);
    } else {
      cudaGetLastError();
      DropGraph();
      use_graph_ = false;
      WarnOnce("cuda-graph:" + engine_->name(),
               where + "CUDA graph capture failed (" + ran.message() + "); launching layers one by one");
      OAR_RETURN_IF_ERROR(RunLayers());
    }
  } else {
    OAR_RETURN_IF_ERROR(RunLayers());
  }

  for (size_t o = 0; o < outputs.size(); ++o) {
    const size_t v = static_cast<size_t>(g.outputs()[o]);
    Tensor& out = *outputs[o];
    if (!out.defined() || out.shape() != shapes_[v] || out.dtype() != dtypes_[v] || !out.device().is_cuda()) {
      OAR_ASSIGN_OR_RETURN(out, cctx_->Empty(dtypes_[v], shapes_[v]));
    }
    const Tensor& src = values_[v];
    if (value_cl_[v] && LayoutMatters(shapes_[v])) {
      const Shape& s = shapes_[v];
      OAR_RETURN_IF_ERROR(kernels::cuda::LaunchReformat(cctx_->stream(), src.raw_data(), src.dtype(), true,
                                                        out.raw_data(), out.dtype(), false, s[0], s[1], s[2], s[3],
                                                        where + "output reformat"));
    } else {
      OAR_RETURN_IF_ERROR(oar::cuda::CopyTensor(src, &out, cctx_->stream(), where + "output copy"));
    }
  }
  return Status::OK();
}

}  // namespace oar::engine::cuda
