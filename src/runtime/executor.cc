#include "runtime/executor.h"


#include <chrono>

#include "core/logging.h"
#include "ir/op_schema.h"

namespace oar::runtime {

StatusOr<std::unique_ptr<Executor>> Executor::Create(std::shared_ptr<const ir::Graph> graph,
                                                     const ExecutorOptions& options) {
  std::unique_ptr<Executor> ex(new Executor(std::move(graph), options));
  OAR_RETURN_IF_ERROR(ex->Init());
  return ex;
}

Status Executor::Init() {
  const ir::Graph& g = *graph_;
  OAR_ASSIGN_OR_RETURN(std::vector<ir::NodeId> order, g.TopologicalOrder());
  values_.assign(static_cast<size_t>(g.num_values()), Tensor());
  is_graph_output_.assign(static_cast<size_t>(g.num_values()), 0);
  for (ir::ValueId v : g.outputs()) is_graph_output_[static_cast<size_t>(v)] = 1;
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    if (g.value(v).is_constant()) values_[static_cast<size_t>(v)] = *g.value(v).constant;
  }
  // Kernels are chosen by the dtypes inference assigned to the inputs.
  std::vector<int> last_use(static_cast<size_t>(g.num_values()), -1);
  for (size_t s = 0; s < order.size(); ++s) {
    const ir::Node& n = g.node(order[s]);
    std::vector<DType> dtypes;
    for (ir::ValueId v : n.inputs) {
      dtypes.push_back(v == ir::kNoValue ? DType::kUndefined : g.value(v).dtype);
      if (v != ir::kNoValue) last_use[static_cast<size_t>(v)] = static_cast<int>(s);
    }
    if (!ir::FindSchema(n.kind)) return Internal(std::string("runtime: no schema for ") + ir::OpKindName(n.kind));
    auto def = KernelRegistry::Global().Find(n, DeviceType::kCpu, dtypes, options_.kernel_name);
    if (!def.ok() && !options_.kernel_name.empty()) def = KernelRegistry::Global().Find(n, DeviceType::kCpu, dtypes);
    if (!def.ok()) return def.status();
    Step step;
    step.node = order[s];
    step.def = def.value();
    step.kernel = step.def->factory();
    steps_.push_back(std::move(step));
  }
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    int s = last_use[static_cast<size_t>(v)];
    const ir::Value& val = g.value(v);
    if (s < 0 || val.is_constant() || is_graph_output_[static_cast<size_t>(v)] || val.producer == ir::kNoNode) continue;
    steps_[static_cast<size_t>(s)].release_after.push_back(v);
  }
  return Status::OK();
}

Status Executor::CheckInput(size_t i, const Tensor& t, std::string* mismatch) const {
  const ir::Value& spec = graph_->value(graph_->inputs()[i]);
  if (!t.defined()) {
    return InvalidArgument("runtime: input '" + spec.name + "' was never set (expected " + DTypeName(spec.dtype) +
                           spec.shape.ToString() + ")");
  }
  std::string expected_got = "input '" + spec.name + "': expected " + std::string(DTypeName(spec.dtype)) +
                             spec.shape.ToString() + ", got " + t.Describe();
  if (t.dtype() != spec.dtype || t.shape().rank() != spec.shape.rank()) {
    return InvalidArgument("runtime: " + expected_got);
  }
  for (int d = 0; d < spec.shape.rank(); ++d) {
    if (spec.shape[d] >= 0 && spec.shape[d] != t.shape()[d]) {
      *mismatch += (mismatch->empty() ? "" : "; ") + expected_got;
      break;
    }
  }
  return Status::OK();
}

Status Executor::Run(const std::vector<Tensor>& inputs, std::vector<Tensor>* outputs) {
  const ir::Graph& g = *graph_;
  if (inputs.size() != g.inputs().size()) {
    return InvalidArgument("runtime: expected " + std::to_string(g.inputs().size()) + " inputs, got " +
                           std::to_string(inputs.size()));
  }
  std::string mismatch;
  for (size_t i = 0; i < inputs.size(); ++i) {
    OAR_RETURN_IF_ERROR(CheckInput(i, inputs[i], &mismatch));
    values_[static_cast<size_t>(g.inputs()[i])] = inputs[i];
  }
  Status status = RunSteps();
  if (!status.ok() && !mismatch.empty()) {
    // The model ran at a size other than it declares and failed: lead with the input.
    // Shape errors become the user's input error; resource and internal errors keep their code.
    bool shape_error = status.code() == ErrorCode::kInvalidGraph || status.code() == ErrorCode::kInvalidArgument;
    return Status(shape_error ? ErrorCode::kInvalidArgument : status.code(),
                  "runtime: " + mismatch + " (the model declares that size; running at the given size failed: " +
                      status.message() + ")");
  }
  if (status.ok() && !mismatch.empty()) {
    WarnOnce("declared-dims:" + std::to_string(reinterpret_cast<uintptr_t>(graph_.get())),
             "runtime: " + mismatch + "; the model ran at the given size (warned once per model)");
  }
  OAR_RETURN_IF_ERROR(status);
  outputs->clear();
  for (ir::ValueId v : g.outputs()) outputs->push_back(values_[static_cast<size_t>(v)]);
  return Status::OK();
}

Status Executor::RunSteps() {
  const ir::Graph& g = *graph_;
  pool_.BeginRun();

  for (Step& step : steps_) {
    const ir::Node& n = g.node(step.node);
    const ir::OpSchema* schema = ir::FindSchema(n.kind);
    std::vector<ir::InputInfo> infos;
    KernelContext ctx;
    ctx.node = &n;
    ctx.num_threads = options_.num_threads;
    bool shapes_changed = !step.prepared;
    for (size_t i = 0; i < n.inputs.size(); ++i) {
      ir::InputInfo info;
      ir::ValueId v = n.inputs[i];
      if (v != ir::kNoValue) {
        const Tensor& t = values_[static_cast<size_t>(v)];
        info.present = true;
        info.dtype = t.dtype();
        info.shape = t.shape();
        info.value = &t;
        ctx.inputs.push_back(&t);
        ctx.constant_inputs.push_back(g.value(v).is_constant());
        if (step.prepared && step.prepared_shapes[i] != t.shape()) shapes_changed = true;
      } else {
        ctx.inputs.push_back(nullptr);
        ctx.constant_inputs.push_back(false);
      }
      infos.push_back(std::move(info));
    }
    // Output shapes depend only on input shapes unless the schema reads input values: with the
    // shapes of the last Prepare, the last inference result stands (this skips, e.g., the
    // re-inference of a whole engine subgraph on every run).
    bool reuse = !shapes_changed && schema->value_inputs.empty() && !schema->data_dependent_output &&
                 step.last_outputs.size() == n.outputs.size();
    if (!reuse) {
      ir::InferContext ictx(n, std::move(infos), n.outputs.size());
      OAR_RETURN_IF_ERROR(schema->infer(ictx).WithPrefix("runtime: "));
      step.last_outputs = ictx.outputs();
    }
    for (size_t o = 0; o < n.outputs.size(); ++o) {
      ir::ValueId v = n.outputs[o];
      const ir::OutputInfo& info = step.last_outputs[o];
      Shape shape = info.shape;
      for (int d = 0; d < shape.rank(); ++d) {
        if (shape[d] < 0) {
          if (!schema->data_dependent_output) {
            return Internal("runtime: op '" + n.name + "' (" + ir::OpKindName(n.kind) + ") output #" +
                            std::to_string(o) + " has unknown dim at run time: " + info.shape.ToString());
          }
          shape[d] = 0;  // the kernel sizes it
        }
      }
      Tensor& out = values_[static_cast<size_t>(v)];
      if (is_graph_output_[static_cast<size_t>(v)] || schema->data_dependent_output) {
        out.Resize(info.dtype, shape);  // own buffer, reused across runs
      } else {
        size_t nbytes = static_cast<size_t>(shape.NumElements()) * DTypeSize(info.dtype);
        out = Tensor(info.dtype, shape, pool_.Acquire(nbytes));
      }
      ctx.outputs.push_back(&out);
    }
    // Output shapes can change while input shapes do not (Resize's OutSize *value*), so they
    // are part of what a kernel was prepared for.
    for (size_t o = 0; o < ctx.outputs.size() && !shapes_changed; ++o) {
      if (step.prepared_output_shapes[o] != ctx.outputs[o]->shape()) shapes_changed = true;
    }
    if (shapes_changed) {
      OAR_RETURN_IF_ERROR(step.kernel->Prepare(ctx));
      step.prepared = true;
      step.prepared_shapes.clear();
      for (const Tensor* t : ctx.inputs) step.prepared_shapes.push_back(t ? t->shape() : Shape());
      step.prepared_output_shapes.clear();
      for (const Tensor* t : ctx.outputs) step.prepared_output_shapes.push_back(t->shape());
    }
    auto t0 = options_.profile ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    OAR_RETURN_IF_ERROR(step.kernel->Run(ctx));
    if (options_.profile) {
      step.total_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      ++step.runs;
    }
    for (ir::ValueId v : step.release_after) {
      Tensor& t = values_[static_cast<size_t>(v)];
      if (pool_.reuse()) {
        pool_.Release(t.buffer(), t.nbytes());
        t = Tensor();
      }
    }
  }
  return Status::OK();
}

std::vector<std::string> Executor::KernelChoices() const {
  std::vector<std::string> out;
  for (const Step& s : steps_) out.push_back(graph_->node(s.node).name + ": " + s.def->name);
  return out;
}

std::vector<NodeTime> Executor::NodeTimes() const {
  std::vector<NodeTime> out;
  for (const Step& s : steps_) {
    const ir::Node& n = graph_->node(s.node);
    out.push_back(NodeTime{n.name, ir::OpKindName(n.kind), s.def->name, s.total_ms, s.runs});
  }
  return out;
}

}  // namespace oar::runtime
