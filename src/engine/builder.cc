#include "engine/builder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <random>

#include "core/logging.h"
#include "core/version.h"
#include "engine/device_signature.h"
#include "ir/op_schema.h"
#include "runtime/kernel.h"

#ifdef OAR_WITH_ONEDNN
#include <omp.h>

#include "engine/cpu/onednn_network.h"
#endif

namespace oar::engine {

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::string FormatMs(double ms) {
  char buf[32];
  snprintf(buf, sizeof(buf), "%.3g ms", ms);
  return buf;
}

// Random contents for a non-constant input at build time (floats uniform in [-1, 1), other
// dtypes zero: the CPU engine takes float data; integer inputs only carry indices/shapes).
Tensor RandomInput(DType dtype, const Shape& shape, uint64_t seed) {
  Tensor t(dtype, shape);
  if (dtype == DType::kFloat32) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    float* p = t.data<float>();
    for (int64_t i = 0; i < t.numel(); ++i) p[i] = dist(rng);
  } else {
    t.Zero();
  }
  return t;
}

Status CheckPrecision(Precision p) {
  switch (p) {
    case Precision::kFp32:
      return Status::OK();
    case Precision::kFp16:
      WarnOnce("engine-cpu-fp16", "engine builder: fp16 was requested, but the CPU engine has no fp16 tactics; "
                                  "building in fp32");
      return Status::OK();
    case Precision::kBf16:
#ifdef OAR_WITH_ONEDNN
      return cpu::CheckBf16Support("engine builder");
#else
      return Unsupported("engine builder: bf16 runs on the oneDNN runner, and this build has no oneDNN; use fp32");
#endif
    case Precision::kInt8:
      return Unsupported("engine builder: int8 CPU tactics are not implemented yet; use fp32");
  }
  return Internal("engine builder: unknown precision");
}

// Median time of `def` on `node` with the given inputs (one warm-up run first).
StatusOr<double> TimeTactic(const runtime::KernelDef& def, const ir::Node& node,
                            const std::vector<const Tensor*>& inputs, const std::vector<bool>& constant_inputs,
                            const std::vector<Tensor*>& outputs, int reps) {
  std::unique_ptr<runtime::Kernel> kernel = def.factory();
  runtime::KernelContext ctx;
  ctx.node = &node;
  ctx.inputs = inputs;
  ctx.outputs = outputs;
  ctx.constant_inputs = constant_inputs;
  OAR_RETURN_IF_ERROR(kernel->Prepare(ctx));
  OAR_RETURN_IF_ERROR(kernel->Run(ctx));
  std::vector<double> times;
  for (int i = 0; i < std::max(1, reps); ++i) {
    auto t0 = Clock::now();
    OAR_RETURN_IF_ERROR(kernel->Run(ctx));
    times.push_back(MsSince(t0));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

#ifdef OAR_WITH_ONEDNN
constexpr bool kOnednnRunnerAvailable = true;

// The onednn runner's side of the build: the network at the opt shapes, how each layer of `order`
// runs in it and, with timing on, its per-layer median times. With timing on, both convolution
// layouts (cpu::ConvLayout) are built and timed -- one warm-up run, then max(3, timing_reps)
// profiled runs each -- and the faster (median total) is kept in `settings`; without timing the
// layout oneDNN picks itself. The networks use the process's OpenMP thread count (the run-time
// count is not known here). Fails when the network cannot be built.
template <typename TensorOf>
Status BuildNetworkReport(const ir::Graph& subgraph, const BuilderConfig& config, Precision precision,
                          const std::vector<ir::NodeId>& order, const std::vector<Shape>& opt_inputs,
                          TensorOf& tensor_of, std::vector<std::string>* how, std::vector<double>* ms,
                          size_t* arena_bytes, cpu::OnednnRunnerSettings* settings, std::string* choice) {
  const int threads = std::max(1, omp_get_max_threads());
  std::vector<cpu::ConvLayout> layouts = {cpu::ConvLayout::kLibrary};
  if (config.timing) layouts.push_back(cpu::ConvLayout::kBlocked);
  double best_ms = -1;
  for (cpu::ConvLayout layout : layouts) {
    cpu::OnednnNetwork::Options options;
    options.conv_layout = layout;
    OAR_ASSIGN_OR_RETURN(std::unique_ptr<cpu::OnednnNetwork> net,
                         cpu::OnednnNetwork::Create(subgraph, precision, opt_inputs, threads, options));
    std::vector<int> layer_of(static_cast<size_t>(subgraph.num_nodes()), -1);
    for (size_t i = 0; i < net->layers().size(); ++i) {
      layer_of[static_cast<size_t>(net->layers()[i].node)] = static_cast<int>(i);
    }
    std::vector<double> layer_ms(order.size(), 0.0);
    double total_ms = 0;
    if (config.timing) {
      std::vector<const Tensor*> inputs;
      for (ir::ValueId v : subgraph.inputs()) inputs.push_back(&tensor_of(v));
      std::vector<Tensor> outputs;
      for (size_t o = 0; o < net->output_shapes().size(); ++o) {
        outputs.emplace_back(net->output_dtypes()[o], net->output_shapes()[o]);
      }
      std::vector<Tensor*> out;
      for (Tensor& t : outputs) out.push_back(&t);
      OAR_RETURN_IF_ERROR(net->Run(inputs, out));  // warm-up (also prepares registry-kernel steps)
      std::vector<std::vector<double>> runs(net->layers().size());
      std::vector<double> totals;
      for (int r = 0; r < std::max(3, config.timing_reps); ++r) {
        std::vector<double> per_layer;
        OAR_RETURN_IF_ERROR(net->Profile(inputs, out, &per_layer));
        double sum = 0;
        for (size_t i = 0; i < per_layer.size(); ++i) {
          runs[i].push_back(per_layer[i]);
          sum += per_layer[i];
        }
        totals.push_back(sum);
      }
      std::sort(totals.begin(), totals.end());
      total_ms = totals[totals.size() / 2];
      for (size_t li = 0; li < order.size(); ++li) {
        const int i = layer_of[static_cast<size_t>(order[li])];
        if (i < 0) continue;
        std::vector<double>& t = runs[static_cast<size_t>(i)];
        std::sort(t.begin(), t.end());
        layer_ms[li] = t[t.size() / 2];
      }
      if (!choice->empty()) *choice += ", ";
      *choice += std::string(cpu::ConvLayoutName(layout)) + " " + FormatMs(total_ms);
    }
    if (best_ms >= 0 && total_ms >= best_ms) continue;
    best_ms = total_ms;
    settings->conv_layout = layout;
    *arena_bytes = net->arena_bytes();
    *ms = std::move(layer_ms);
    how->clear();
    for (ir::NodeId id : order) {
      const int i = layer_of[static_cast<size_t>(id)];
      how->push_back(i < 0 ? "not in the network" : net->layers()[static_cast<size_t>(i)].how);
    }
  }
  return Status::OK();
}
#else
constexpr bool kOnednnRunnerAvailable = false;
#endif

}  // namespace

StatusOr<std::vector<Shape>> ValueShapesAt(const ir::Graph& graph, const std::vector<Shape>& input_shapes,
                                           std::vector<DType>* dtypes) {
  if (input_shapes.size() != graph.inputs().size()) {
    return Internal("engine: expected " + std::to_string(graph.inputs().size()) + " input shapes, got " +
                    std::to_string(input_shapes.size()));
  }
  ir::Graph g = graph;
  for (size_t i = 0; i < input_shapes.size(); ++i) g.mutable_value(g.inputs()[i]).shape = input_shapes[i];
  OAR_RETURN_IF_ERROR(ir::InferShapes(g));
  std::vector<Shape> shapes;
  if (dtypes) dtypes->clear();
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    shapes.push_back(g.value(v).shape);
    if (dtypes) dtypes->push_back(g.value(v).dtype);
  }
  return shapes;
}

StatusOr<std::vector<ShapeRange>> SubgraphInputRanges(const ir::Graph& subgraph, const BuilderConfig& config) {
  std::vector<ShapeRange> out;
  for (ir::ValueId v : subgraph.inputs()) {
    const ir::Value& val = subgraph.value(v);
    if (const ShapeRange* r = config.profile.Find(val.name)) {
      if (r->opt.rank() != val.shape.rank()) {
        return InvalidArgument("engine builder: input '" + val.name + "' has rank " + std::to_string(val.shape.rank()) +
                               " " + val.shape.ToString() + ", the profile gives " + r->opt.ToString());
      }
      out.push_back(*r);
      continue;
    }
    ShapeRange r{val.shape, val.shape, val.shape};
    for (int d = 0; d < val.shape.rank(); ++d) {
      if (val.shape[d] >= 0) continue;
      if (d != 0) {
        return InvalidArgument("engine builder: input '" + val.name + "' has unknown dim " + std::to_string(d) +
                               " in " +
                               val.shape.ToString() + " and no min/opt/max range; give one (SetDynamicShapeInfo)");
      }
      r.min[0] = 1;
      r.opt[0] = config.max_batch_size;
      r.max[0] = config.max_batch_size;
    }
    out.push_back(std::move(r));
  }
  return out;
}

StatusOr<Plan> Build(const ir::Graph& subgraph, const BuilderConfig& config, const ProgressFn& progress,
                     TimingCache* timing_cache) {
  auto build_start = Clock::now();
  OAR_RETURN_IF_ERROR(CheckPrecision(config.precision));
  if (config.max_batch_size < 1) {
    return InvalidArgument("engine builder: max_batch_size must be >= 1, got " + std::to_string(config.max_batch_size));
  }
  OAR_ASSIGN_OR_RETURN(std::vector<ShapeRange> ranges, SubgraphInputRanges(subgraph, config));
  std::vector<Shape> opt_inputs;
  for (const ShapeRange& r : ranges) opt_inputs.push_back(r.opt);
  std::vector<DType> dtypes;
  OAR_ASSIGN_OR_RETURN(std::vector<Shape> shapes, ValueShapesAt(subgraph, opt_inputs, &dtypes));
  OAR_ASSIGN_OR_RETURN(std::vector<ir::NodeId> order, subgraph.TopologicalOrder());

  TimingCache local_cache;
  TimingCache& cache = timing_cache ? *timing_cache : local_cache;
  const std::string& device = CpuDeviceSignature();
  const runtime::KernelRegistry& registry = runtime::KernelRegistry::Global();

  // Build-time tensors at the opt shapes: constants as they are, the rest random.
  std::vector<Tensor> values(static_cast<size_t>(subgraph.num_values()));
  auto tensor_of = [&](ir::ValueId v) -> Tensor& {
    Tensor& t = values[static_cast<size_t>(v)];
    if (!t.defined()) {
      const ir::Value& val = subgraph.value(v);
      t = val.is_constant() ? *val.constant
                            : RandomInput(dtypes[static_cast<size_t>(v)], shapes[static_cast<size_t>(v)],
                                          0x5eed0000u + static_cast<uint64_t>(v));
    }
    return t;
  };

  PlanData plan;
  plan.oar_version = OAR_VERSION_STRING;
  plan.device_signature = device;
  // fp16 has no CPU tactics: it builds fp32 (CheckPrecision warned once).
  plan.precision = config.precision == Precision::kBf16 ? Precision::kBf16 : Precision::kFp32;
  plan.runner = kOnednnRunnerAvailable ? "onednn" : "layers";
  plan.workspace_size = config.workspace_size;
  plan.max_batch_size = config.max_batch_size;
  plan.timing = config.timing;
  for (size_t i = 0; i < ranges.size(); ++i) {
    const std::string& name = subgraph.value(subgraph.inputs()[i]).name;
    if (config.profile.Find(name)) plan.profile.ranges[name] = ranges[i];
  }

  const size_t num_layers = order.size();
  const bool whole_network = plan.runner == "onednn";
  for (size_t li = 0; li < num_layers; ++li) {
    const ir::Node& node = subgraph.node(order[li]);
    std::vector<DType> in_dtypes;
    std::vector<Shape> in_shapes;
    for (ir::ValueId v : node.inputs) {
      in_dtypes.push_back(v == ir::kNoValue ? DType::kUndefined : dtypes[static_cast<size_t>(v)]);
      in_shapes.push_back(v == ir::kNoValue ? Shape() : shapes[static_cast<size_t>(v)]);
    }
    std::vector<const runtime::KernelDef*> candidates;
    for (const runtime::KernelDef* def : registry.KernelsFor(node.kind, runtime::DeviceType::kCpu)) {
      DType in0 = in_dtypes.empty() ? DType::kUndefined : in_dtypes[0];
      if (def->dtype != DType::kUndefined && def->dtype != in0) continue;
      if (def->accepts && !def->accepts(node, in_dtypes)) continue;
      candidates.push_back(def);
    }
    if (candidates.empty()) {
      return Unsupported("engine builder: layer '" + node.name + "' (" + ir::OpKindName(node.kind) +
                         "): no CPU kernel accepts it");
    }
    LayerChoice choice;
    choice.node = node.name;
    // The onednn runner runs the whole subgraph itself: each layer keeps the registry kernel the
    // layers runner would use untimed (the plan stays runnable either way); the network's own
    // per-layer times come below.
    if (whole_network || !config.timing || candidates.size() == 1) {
      const runtime::KernelDef* best = candidates.front();
      for (const runtime::KernelDef* c : candidates) {
        if (c->priority > best->priority) best = c;
      }
      choice.tactic = best->name;
    } else {
      const std::string signature = LayerSignature(node, in_dtypes, in_shapes, device);
      std::vector<const Tensor*> inputs;
      std::vector<bool> constant_inputs;
      for (ir::ValueId v : node.inputs) {
        inputs.push_back(v == ir::kNoValue ? nullptr : &tensor_of(v));
        constant_inputs.push_back(v != ir::kNoValue && subgraph.value(v).is_constant());
      }
      std::vector<Tensor*> outputs;
      for (ir::ValueId v : node.outputs) outputs.push_back(&tensor_of(v));
      double best_ms = -1;
      std::string failures;
      for (const runtime::KernelDef* c : candidates) {
        std::optional<double> ms = cache.Lookup(signature, c->name);
        if (!ms) {
          StatusOr<double> t = TimeTactic(*c, node, inputs, constant_inputs, outputs, config.timing_reps);
          if (!t.ok()) {  // a tactic that fails at build time is not a candidate
            failures += " " + c->name + ": " + t.status().message();
            continue;
          }
          ms = *t;
          cache.Record(signature, c->name, *ms);
        }
        if (best_ms < 0 || *ms < best_ms) {
          best_ms = *ms;
          choice.tactic = c->name;
        }
      }
      if (best_ms < 0) {
        return Unsupported("engine builder: layer '" + node.name + "' (" + ir::OpKindName(node.kind) +
                           "): every tactic failed:" + failures);
      }
      choice.ms = best_ms;
    }
    if (progress && !whole_network) {
      progress("layer " + std::to_string(li + 1) + "/" + std::to_string(num_layers) + " " +
               ir::OpKindName(node.kind) + " '" + node.name + "': tactic " + choice.tactic +
               (!config.timing ? "" : candidates.size() == 1 ? " (only tactic)" : " (" + FormatMs(choice.ms) + ")"));
    }
    plan.layers.push_back(std::move(choice));
  }

  size_t runner_arena = 0;
  std::string layout_choice;  // "library 46.8 ms, blocked 41.2 ms" (timed builds)
#ifdef OAR_WITH_ONEDNN
  if (whole_network) {
    std::vector<std::string> how;
    std::vector<double> ms;
    cpu::OnednnRunnerSettings settings;
    Status st = BuildNetworkReport(subgraph, config, plan.precision, order, opt_inputs, tensor_of, &how, &ms,
                                   &runner_arena, &settings, &layout_choice);
    if (!st.ok()) {
      if (plan.precision != Precision::kFp32) return st.WithPrefix("engine builder: ");
      // The per-layer runner needs no network: an fp32 plan still runs, only slower.
      OAR_LOG_WARNING("engine builder: the oneDNN network could not be built (" << st.message()
                                                                                 << "); running layer by layer");
      plan.runner = "layers";
    } else {
      plan.backend_blob = settings.Encode();
      // The network's per-layer times go into the timing cache too (tactic "onednn-network-<precision>"):
      // a record of what each layer costs inside the network, kept with the plans.
      const std::string tactic = std::string("onednn-network-") + PrecisionName(plan.precision);
      for (size_t li = 0; li < num_layers; ++li) {
        const ir::Node& node = subgraph.node(order[li]);
        plan.layers[li].ms = ms[li];
        if (config.timing) {
          std::vector<DType> in_dtypes;
          std::vector<Shape> in_shapes;
          for (ir::ValueId v : node.inputs) {
            in_dtypes.push_back(v == ir::kNoValue ? DType::kUndefined : dtypes[static_cast<size_t>(v)]);
            in_shapes.push_back(v == ir::kNoValue ? Shape() : shapes[static_cast<size_t>(v)]);
          }
          cache.Record(LayerSignature(node, in_dtypes, in_shapes, device), tactic, ms[li]);
        }
        if (progress) {
          progress("layer " + std::to_string(li + 1) + "/" + std::to_string(num_layers) + " " +
                   ir::OpKindName(node.kind) + " '" + node.name + "': tactic onednn network: " + how[li] +
                   (config.timing ? " (" + FormatMs(ms[li]) + ")" : ""));
        }
      }
    }
  }
#endif

  std::vector<size_t> bytes(static_cast<size_t>(subgraph.num_values()), 0);
  for (size_t v = 0; v < bytes.size(); ++v) {
    if (shapes[v].IsStatic()) bytes[v] = static_cast<size_t>(shapes[v].NumElements()) * DTypeSize(dtypes[v]);
  }
  plan.arena = PlanArena(subgraph, order, bytes);
  plan.subgraph = std::make_shared<const ir::Graph>(subgraph);
  plan.build_ms = MsSince(build_start);
  if (progress) {
    const bool network = plan.runner == "onednn";
    const size_t arena = network ? runner_arena : plan.arena.total_bytes;
    char buf[96];
    snprintf(buf, sizeof(buf), "built %zu layers in %.3f s, arena %.2f MB", num_layers, plan.build_ms / 1000.0,
             static_cast<double>(arena) / (1024.0 * 1024.0));
    std::string line = buf;
    if (network) {
      line += std::string(", onednn network ") + PrecisionName(plan.precision) + ", " + plan.backend_blob;
      if (!layout_choice.empty()) line += " (timed: " + layout_choice + ")";
    }
    progress(line);
  }
  return Plan(std::move(plan));
}

}  // namespace oar::engine
