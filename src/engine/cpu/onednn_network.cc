#include "engine/cpu/onednn_network.h"

#ifdef OAR_WITH_ONEDNN

#include <oneapi/dnnl/dnnl_debug.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "core/logging.h"
#include "engine/builder.h"
#include "engine/cpu/onednn_layers.h"
#include "engine/cpu/onednn_net_builder.h"
#include "engine/device_signature.h"
#include "kernels/cpu/fused_activation.h"
#include "kernels/cpu/onednn/onednn_common.h"

namespace oar::engine::cpu {

using namespace onednn_net;  // NOLINT: the internal vocabulary of this runner
using kernels::cpu::onednn::CpuEngine;
using kernels::cpu::onednn::ScopedOmpThreads;

namespace {

constexpr size_t kAlignment = 64;

std::string CpuIsaFlags() {
  const std::string& sig = CpuDeviceSignature();
  const size_t at = sig.find("isa=");
  if (at == std::string::npos) return "no listed ISA extensions";
  const size_t end = sig.find(';', at);
  std::string isa = sig.substr(at + 4, end == std::string::npos ? std::string::npos : end - at - 4);
  return isa.empty() ? "no listed ISA extensions" : isa;
}

// Arena offsets by liveness: storages in order of their first step, each at the lowest aligned
// offset where it overlaps no storage still live (first fit over the gaps).
size_t PlanStorages(std::vector<Storage>* storages) {
  std::vector<int> order;
  for (size_t i = 0; i < storages->size(); ++i) {
    const Storage& s = (*storages)[i];
    if (s.kind == StorageKind::kArena && s.first <= s.last) order.push_back(static_cast<int>(i));
  }
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return (*storages)[static_cast<size_t>(a)].first < (*storages)[static_cast<size_t>(b)].first;
  });
  struct Block {
    size_t offset, size;
    int last;
  };
  std::vector<Block> live;  // sorted by offset
  size_t total = 0;
  for (int i : order) {
    Storage& s = (*storages)[static_cast<size_t>(i)];
    live.erase(std::remove_if(live.begin(), live.end(), [&](const Block& b) { return b.last < s.first; }), live.end());
    const size_t bytes = std::max<size_t>((s.bytes + kAlignment - 1) / kAlignment * kAlignment, kAlignment);
    size_t offset = 0;
    for (const Block& b : live) {
      if (offset + bytes <= b.offset) break;
      offset = std::max(offset, b.offset + b.size);
    }
    const Block nb{offset, bytes, s.last};
    live.insert(std::upper_bound(live.begin(), live.end(), nb,
                                 [](const Block& a, const Block& b) { return a.offset < b.offset; }),
                nb);
    s.offset = static_cast<int64_t>(offset);
    total = std::max(total, offset + bytes);
  }
  return total;
}

}  // namespace

const char* ConvLayoutName(ConvLayout layout) { return layout == ConvLayout::kBlocked ? "blocked" : "library"; }

std::string OnednnRunnerSettings::Encode() const { return std::string("conv_layout=") + ConvLayoutName(conv_layout); }

StatusOr<OnednnRunnerSettings> OnednnRunnerSettings::Decode(const std::string& blob) {
  OnednnRunnerSettings settings;
  size_t start = 0;
  while (start < blob.size()) {
    size_t end = blob.find(';', start);
    if (end == std::string::npos) end = blob.size();
    const std::string item = blob.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    const std::string key = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (key == "conv_layout" && (value == "library" || value == "blocked")) {
      settings.conv_layout = value == "blocked" ? ConvLayout::kBlocked : ConvLayout::kLibrary;
      continue;
    }
    return InvalidArgument("onednn runner: unknown plan setting '" + item +
                           "' (expected conv_layout=library|blocked; a plan from another oar build?)");
  }
  return settings;
}

bool CpuSupportsBf16(std::string* isa) {
  const int cpu = static_cast<int>(dnnl_get_effective_cpu_isa());
  const int bf16 = static_cast<int>(dnnl_cpu_isa_avx512_core_bf16);
  const int amx = static_cast<int>(dnnl_cpu_isa_avx512_core_amx);
  const bool ok = (cpu & bf16) == bf16 || (cpu & amx) == amx;
  if (isa) *isa = CpuIsaFlags();
  return ok;
}

Status CheckBf16Support(const std::string& component) {
  std::string isa;
  if (CpuSupportsBf16(&isa)) return Status::OK();
  return Unsupported(component + ": bf16 needs a CPU with avx512_bf16 or AMX; this CPU has " + isa);
}

struct OnednnNetwork::Impl {
  struct RunStep {
    StepKind::Value kind = StepKind::kPrimitive;
    ir::NodeId node = ir::kNoNode;
    std::string what;
    dnnl::primitive primitive;
    std::vector<dnnl_exec_arg_t> args;
    std::shared_ptr<runtime::Kernel> kernel;
    runtime::KernelContext ctx;
    bool prepared = false;
    ir::FusedActivation act;
    int target = -1, from = -1;  // storages (activation loop, copy)
    size_t count = 0;            // activation: floats; copy: bytes
  };

  ir::Graph graph;  // owned: registry kernels keep pointers to its nodes
  Precision precision = Precision::kFp32;
  ConvLayout conv_layout = ConvLayout::kLibrary;
  int num_threads = 1;
  std::vector<Shape> input_shapes, output_shapes;
  std::vector<DType> input_dtypes, output_dtypes;
  std::vector<Layer> layers;
  std::vector<int> layer_of_node;  // node id -> index in layers (-1 when none)
  std::vector<Storage> storages;
  std::vector<std::vector<std::pair<memory::desc, dnnl::memory>>> memories;  // per storage
  std::vector<std::vector<int>> tensors_of_storage;                          // external storages
  std::vector<int> input_storage, output_storage;                            // per slot, -1 unused
  std::shared_ptr<oar::Buffer> arena;
  size_t arena_bytes = 0, packed_bytes = 0, num_reorders = 0;
  dnnl::memory scratchpad;
  dnnl::stream stream;
  std::vector<RunStep> steps;
  std::vector<Tensor> tensors;

  const dnnl::memory& MemoryFor(const Placement& p);
  Status Finalize(NetBuilder& nb);
  Status Bind(int storage, const Tensor& t);
  Status Execute(RunStep& s);
  Status CheckRunArgs(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs) const;
  Status RunSteps(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                  std::vector<double>* layer_ms);
  std::string Where(const RunStep& s) const {
    if (s.node == ir::kNoNode) return "onednn network: " + s.what;
    const ir::Node& n = graph.node(s.node);
    return "onednn network: layer '" + n.name + "' (" + ir::OpKindName(n.kind) + ") " + s.what;
  }
};

const dnnl::memory& OnednnNetwork::Impl::MemoryFor(const Placement& p) {
  auto& list = memories[static_cast<size_t>(p.storage)];
  for (const auto& entry : list) {
    if (entry.first == p.md) return entry.second;
  }
  const Storage& s = storages[static_cast<size_t>(p.storage)];
  const bool external = s.kind == StorageKind::kInput || s.kind == StorageKind::kOutput;
  list.emplace_back(p.md, external ? dnnl::memory(p.md, CpuEngine(), DNNL_MEMORY_NONE)
                                   : dnnl::memory(p.md, CpuEngine(), static_cast<void*>(s.ptr)));
  return list.back().second;
}

Status OnednnNetwork::Impl::Finalize(NetBuilder& nb) {
  storages = std::move(nb.storages());
  arena_bytes = PlanStorages(&storages);
  if (arena_bytes > 0) arena = AllocateBuffer(arena_bytes);
  for (Storage& s : storages) {
    if (s.kind == StorageKind::kArena) s.ptr = s.offset >= 0 ? static_cast<char*>(arena->data()) + s.offset : nullptr;
    if (s.kind == StorageKind::kOwned) packed_bytes += s.bytes;
  }
  memories.assign(storages.size(), {});
  tensors_of_storage.assign(storages.size(), {});
  input_storage.assign(graph.inputs().size(), -1);
  output_storage.assign(graph.outputs().size(), -1);
  for (size_t i = 0; i < storages.size(); ++i) {
    if (storages[i].kind == StorageKind::kInput)
      input_storage[static_cast<size_t>(storages[i].slot)] = static_cast<int>(i);
    if (storages[i].kind == StorageKind::kOutput)
      output_storage[static_cast<size_t>(storages[i].slot)] = static_cast<int>(i);
  }
  if (nb.scratchpad_bytes() > 0) {
    scratchpad = dnnl::memory(
        memory::desc({static_cast<memory::dim>(nb.scratchpad_bytes())}, memory::data_type::u8, memory::format_tag::a),
        CpuEngine());
  }
  stream = dnnl::stream(CpuEngine());

  auto compile = [&](StepDef& d) {
    RunStep r;
    r.kind = d.kind;
    r.node = d.node;
    r.what = d.what;
    r.primitive = d.primitive;
    r.kernel = d.kernel;
    r.act = d.act;
    for (const StepArg& a : d.args) r.args.push_back(dnnl_exec_arg_t{a.arg, MemoryFor(a.at).get()});
    if (d.scratchpad) r.args.push_back(dnnl_exec_arg_t{DNNL_ARG_SCRATCHPAD, scratchpad.get()});
    if (d.kind == StepKind::kActivation) {
      r.target = d.target.storage;
      r.count = d.target.md.get_size() / sizeof(float);
    } else if (d.kind == StepKind::kCopy) {
      r.target = d.target.storage;
      r.from = d.from.storage;
      r.count = static_cast<size_t>(d.from.shape.NumElements()) * DTypeSize(d.from.dtype);
    }
    return r;
  };
  // Constants packed into primitive layouts: once, now.
  for (StepDef& d : nb.init_steps()) {
    RunStep r = compile(d);
    OAR_RETURN_IF_ERROR(Execute(r));
  }
  if (dnnl_stream_wait(stream.get()) != dnnl_success) return Internal("onednn network: packing weights failed");

  // Tensors of the registry-kernel steps: views of their storages (external ones bound per Run).
  for (const Placement& p : nb.tensors()) {
    const Storage& s = storages[static_cast<size_t>(p.storage)];
    const int index = static_cast<int>(tensors.size());
    switch (s.kind) {
      case StorageKind::kArena:
        tensors.emplace_back(p.dtype, p.shape, arena, static_cast<size_t>(s.offset));
        break;
      case StorageKind::kConstant:
        tensors.push_back(*s.constant);
        break;
      case StorageKind::kOwned:
        tensors.emplace_back(p.dtype, p.shape, s.owned, 0);
        break;
      case StorageKind::kInput:
      case StorageKind::kOutput:
        tensors.emplace_back();
        tensors_of_storage[static_cast<size_t>(p.storage)].push_back(index);
        break;
    }
  }
  for (StepDef& d : nb.steps()) {
    RunStep r = compile(d);
    if (r.kind == StepKind::kFallback) {
      const ir::Node& n = graph.node(d.node);
      r.ctx.node = &n;
      r.ctx.num_threads = num_threads;
      for (size_t i = 0; i < d.in_tensors.size(); ++i) {
        const int t = d.in_tensors[i];
        r.ctx.inputs.push_back(t < 0 ? nullptr : &tensors[static_cast<size_t>(t)]);
        r.ctx.constant_inputs.push_back(n.inputs[i] != ir::kNoValue && graph.value(n.inputs[i]).is_constant());
      }
      for (int t : d.out_tensors) r.ctx.outputs.push_back(&tensors[static_cast<size_t>(t)]);
    }
    if (r.what == "reorder") ++num_reorders;
    steps.push_back(std::move(r));
  }
  return Status::OK();
}

Status OnednnNetwork::Impl::Bind(int storage, const Tensor& t) {
  if (storage < 0) return Status::OK();
  Storage& s = storages[static_cast<size_t>(storage)];
  char* ptr = static_cast<char*>(const_cast<void*>(t.raw_data()));
  if (s.ptr != ptr) {
    for (auto& entry : memories[static_cast<size_t>(storage)]) {
      if (dnnl_memory_set_data_handle_v2(entry.second.get(), ptr, stream.get()) != dnnl_success) {
        return Internal("onednn network: binding a caller tensor failed");
      }
    }
    s.ptr = ptr;
  }
  for (int i : tensors_of_storage[static_cast<size_t>(storage)]) tensors[static_cast<size_t>(i)] = t;
  return Status::OK();
}

Status OnednnNetwork::Impl::Execute(RunStep& s) {
  switch (s.kind) {
    case StepKind::kPrimitive: {
      const dnnl_status_t st =
          dnnl_primitive_execute(s.primitive.get(), stream.get(), static_cast<int>(s.args.size()), s.args.data());
      if (st != dnnl_success) return Internal(Where(s) + " failed: " + dnnl_status2str(st));
      return Status::OK();
    }
    case StepKind::kFallback: {
      if (!s.prepared) {
        Status st = s.kernel->Prepare(s.ctx);
        if (!st.ok()) return st.WithPrefix(Where(s) + ": ");
        s.prepared = true;
      }
      Status st = s.kernel->Run(s.ctx);
      if (!st.ok()) return st.WithPrefix(Where(s) + ": ");
      return Status::OK();
    }
    case StepKind::kActivation:
      kernels::cpu::ApplyActivation(s.act, reinterpret_cast<float*>(storages[static_cast<size_t>(s.target)].ptr),
                                    static_cast<int64_t>(s.count), num_threads);
      return Status::OK();
    case StepKind::kCopy:
      if (s.count)
        std::memcpy(storages[static_cast<size_t>(s.target)].ptr, storages[static_cast<size_t>(s.from)].ptr, s.count);
      return Status::OK();
  }
  return Internal(Where(s) + ": unknown step kind");
}

Status OnednnNetwork::Impl::CheckRunArgs(const std::vector<const Tensor*>& inputs,
                                         const std::vector<Tensor*>& outputs) const {
  if (inputs.size() != input_shapes.size() || outputs.size() != output_shapes.size()) {
    return InvalidArgument("onednn network: expected " + std::to_string(input_shapes.size()) + " inputs and " +
                           std::to_string(output_shapes.size()) + " outputs, got " + std::to_string(inputs.size()) +
                           " and " + std::to_string(outputs.size()));
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor* t = inputs[i];
    if (!t || !t->defined() || t->dtype() != input_dtypes[i] || t->shape() != input_shapes[i]) {
      return InvalidArgument("onednn network: input '" + graph.value(graph.inputs()[i]).name + "': expected " +
                             DTypeName(input_dtypes[i]) + input_shapes[i].ToString() +
                             " (the shapes it was built for), got " +
                             (t && t->defined() ? t->Describe() : std::string("an unset tensor")));
    }
  }
  for (size_t o = 0; o < outputs.size(); ++o) {
    const Tensor* t = outputs[o];
    if (!t || !t->defined() || t->dtype() != output_dtypes[o] || t->shape() != output_shapes[o] || !t->raw_data()) {
      return InvalidArgument("onednn network: output '" + graph.value(graph.outputs()[o]).name +
                             "': expected an allocated " + DTypeName(output_dtypes[o]) + output_shapes[o].ToString() +
                             ", got " + (t && t->defined() ? t->Describe() : std::string("an unset tensor")));
    }
  }
  return Status::OK();
}

Status OnednnNetwork::Impl::RunSteps(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                                     std::vector<double>* layer_ms) {
  OAR_RETURN_IF_ERROR(CheckRunArgs(inputs, outputs));
  ScopedOmpThreads threads(num_threads);
  for (size_t i = 0; i < inputs.size(); ++i) OAR_RETURN_IF_ERROR(Bind(input_storage[i], *inputs[i]));
  for (size_t o = 0; o < outputs.size(); ++o) OAR_RETURN_IF_ERROR(Bind(output_storage[o], *outputs[o]));
  if (layer_ms) layer_ms->assign(layers.size(), 0.0);
  using Clock = std::chrono::steady_clock;
  for (RunStep& s : steps) {
    // Registry kernels and loops touch memory directly: oneDNN's work before them must be done
    // (a CPU stream runs primitives synchronously; the wait is a formality there).
    if (s.kind != StepKind::kPrimitive && dnnl_stream_wait(stream.get()) != dnnl_success) {
      return Internal(Where(s) + ": stream wait failed");
    }
    const auto t0 = layer_ms ? Clock::now() : Clock::time_point();
    OAR_RETURN_IF_ERROR(Execute(s));
    if (layer_ms) {
      dnnl_stream_wait(stream.get());
      const int li = s.node == ir::kNoNode ? -1 : layer_of_node[static_cast<size_t>(s.node)];
      if (li >= 0)
        (*layer_ms)[static_cast<size_t>(li)] += std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    }
  }
  if (dnnl_stream_wait(stream.get()) != dnnl_success) return Internal("onednn network: stream wait failed");
  return Status::OK();
}

OnednnNetwork::OnednnNetwork(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OnednnNetwork::~OnednnNetwork() = default;

OnednnWeightCache::OnednnWeightCache() : packed_(std::make_unique<PackedConstants>()) {}
OnednnWeightCache::~OnednnWeightCache() = default;
size_t OnednnWeightCache::bytes() const { return packed_->bytes(); }
size_t OnednnWeightCache::size() const { return packed_->size(); }

StatusOr<std::unique_ptr<OnednnNetwork>> OnednnNetwork::Create(const ir::Graph& subgraph, Precision precision,
                                                               const std::vector<Shape>& input_shapes, int num_threads,
                                                               const Options& options) {
  if (precision == Precision::kFp16 || precision == Precision::kInt8) {
    return Unsupported(std::string("onednn network: precision ") + PrecisionName(precision) +
                       " is not supported (fp32 and bf16 are)");
  }
  if (precision == Precision::kBf16) OAR_RETURN_IF_ERROR(CheckBf16Support("onednn network"));
  auto impl = std::make_unique<Impl>();
  impl->graph = subgraph;
  impl->precision = precision;
  impl->conv_layout = options.conv_layout;
  impl->num_threads = std::max(num_threads, 1);
  impl->input_shapes = input_shapes;
  const ir::Graph& g = impl->graph;
  std::vector<DType> dtypes;
  auto shapes = ValueShapesAt(g, input_shapes, &dtypes);
  if (!shapes.ok()) return shapes.status().WithPrefix("onednn network: ");
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    if (!shapes.value()[static_cast<size_t>(v)].IsStatic()) {
      return InvalidArgument("onednn network: value '" + g.value(v).name + "' has unknown dims " +
                             shapes.value()[static_cast<size_t>(v)].ToString() + " at the given input shapes");
    }
  }
  for (ir::ValueId v : g.inputs()) impl->input_dtypes.push_back(dtypes[static_cast<size_t>(v)]);
  for (ir::ValueId v : g.outputs()) {
    impl->output_shapes.push_back(shapes.value()[static_cast<size_t>(v)]);
    impl->output_dtypes.push_back(dtypes[static_cast<size_t>(v)]);
  }
  OAR_ASSIGN_OR_RETURN(std::vector<ir::NodeId> order, g.TopologicalOrder());

  ScopedOmpThreads threads(impl->num_threads);  // oneDNN sizes its parallel work at creation
  NetBuilder nb(g, precision, std::move(shapes).value(), dtypes, order,
                options.weights ? options.weights->packed_.get() : nullptr);
  nb.set_conv_layout_blocked(options.conv_layout == ConvLayout::kBlocked);
  impl->layer_of_node.assign(static_cast<size_t>(g.num_nodes()), -1);
  for (ir::NodeId id : order) {
    const ir::Node& node = g.node(id);
    const std::string where =
        std::string("onednn network: layer '") + node.name + "' (" + ir::OpKindName(node.kind) + "): ";
    nb.BeginNode(id);
    std::string declined;
    const size_t steps_before = nb.steps().size();
    try {
      Status st = BuildLayer(nb, node, &declined);
      if (!st.ok()) return st.WithPrefix(where);
    } catch (const dnnl::error& e) {
      if (nb.steps().size() != steps_before) {
        return Internal(where + "oneDNN failed midway (" + dnnl_status2str(e.status) + "): " + e.what());
      }
      declined = std::string("oneDNN could not set it up (") + dnnl_status2str(e.status) + "): " + e.what();
    }
    Layer layer{id, node.name, nb.descriptions()[static_cast<size_t>(id)], false};
    if (!declined.empty()) {
      std::vector<DType> in_dtypes;
      for (ir::ValueId v : node.inputs) in_dtypes.push_back(v == ir::kNoValue ? DType::kUndefined : nb.dtype(v));
      auto def = runtime::KernelRegistry::Global().Find(node, runtime::DeviceType::kCpu, in_dtypes);
      if (!def.ok()) {
        return NotFound(where + "neither oneDNN (" + declined +
                        ") nor a registry kernel takes it: " + def.status().message());
      }
      try {
        OAR_RETURN_IF_ERROR(nb.AddFallback(*def.value()));
      } catch (const dnnl::error& e) {
        return Internal(where + "reordering for the registry kernel failed: " + e.what());
      }
      layer.how = "registry kernel " + def.value()->name + " (" + declined + ")";
      layer.fallback = true;
      OAR_VLOG(1, where << "runs through the registry kernel '" << def.value()->name << "': " << declined);
    }
    impl->layer_of_node[static_cast<size_t>(id)] = static_cast<int>(impl->layers.size());
    impl->layers.push_back(std::move(layer));
  }
  try {
    OAR_RETURN_IF_ERROR(nb.BindOutputs());
    OAR_RETURN_IF_ERROR(impl->Finalize(nb));
    nb.CommitPacked();
  } catch (const dnnl::error& e) {
    return Internal(std::string("onednn network: binding outputs / creating memories failed (") +
                    dnnl_status2str(e.status) + "): " + e.what());
  }
  return std::unique_ptr<OnednnNetwork>(new OnednnNetwork(std::move(impl)));
}

Status OnednnNetwork::Run(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
  return impl_->RunSteps(inputs, outputs, nullptr);
}

Status OnednnNetwork::Profile(const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                              std::vector<double>* layer_ms) {
  return impl_->RunSteps(inputs, outputs, layer_ms);
}

bool OnednnNetwork::Matches(const std::vector<Shape>& input_shapes) const {
  return input_shapes == impl_->input_shapes;
}
const std::vector<Shape>& OnednnNetwork::input_shapes() const { return impl_->input_shapes; }
const std::vector<Shape>& OnednnNetwork::output_shapes() const { return impl_->output_shapes; }
const std::vector<DType>& OnednnNetwork::output_dtypes() const { return impl_->output_dtypes; }
Precision OnednnNetwork::precision() const { return impl_->precision; }
ConvLayout OnednnNetwork::conv_layout() const { return impl_->conv_layout; }
int OnednnNetwork::num_threads() const { return impl_->num_threads; }
size_t OnednnNetwork::arena_bytes() const { return impl_->arena_bytes; }
size_t OnednnNetwork::packed_weight_bytes() const { return impl_->packed_bytes; }
const std::vector<OnednnNetwork::Layer>& OnednnNetwork::layers() const { return impl_->layers; }
size_t OnednnNetwork::num_steps() const { return impl_->steps.size(); }
size_t OnednnNetwork::num_reorders() const { return impl_->num_reorders; }

}  // namespace oar::engine::cpu

#endif  // OAR_WITH_ONEDNN
