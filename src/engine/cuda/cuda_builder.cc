#include "engine/cuda/cuda_builder.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <sstream>

#include "core/version.h"
#include "cuda/cuda_context.h"
#include "cuda/cuda_device.h"
#include "cuda/cuda_status.h"
#include "engine/precision_lowering.h"
#include "ir/op_schema.h"
#include "runtime/kernel.h"

namespace oar::engine::cuda {

namespace {

using Clock = std::chrono::steady_clock;
using oar::cuda::CudaContext;

constexpr char kBlobMagic[] = "oar-cuda-layout 1";

double MsSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Random host data for a non-constant value (floats uniform in [-1, 1), integers zero), uploaded.
StatusOr<Tensor> RandomDeviceTensor(DType dtype, const Shape& shape, uint64_t seed, CudaContext& ctx) {
  Tensor t(dtype, shape);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  if (dtype == DType::kFloat32) {
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = dist(rng);
  } else if (dtype == DType::kFloat16) {
    for (int64_t i = 0; i < t.numel(); ++i) t.data<uint16_t>()[i] = FloatToHalf(dist(rng));
  } else {
    t.Zero();
  }
  return oar::cuda::ToDevice(t, ctx);
}

// GPU time of one kernel on the given device tensors. The runs are captured into a CUDA graph and
// the graph is replayed between two events, so host-side launch cost (large for some library
// calls at small sizes) does not count: what is measured is what a captured engine pays. When
// capture fails, events around each eager run; the median counts.
StatusOr<double> TimeTactic(const runtime::KernelDef& def, runtime::KernelContext ctx, int reps,
                            CudaContext& cctx) {
  std::unique_ptr<runtime::Kernel> kernel = def.factory();
  OAR_RETURN_IF_ERROR(kernel->Prepare(ctx));
  OAR_RETURN_IF_ERROR(kernel->Run(ctx));
  OAR_RETURN_IF_ERROR(cctx.Synchronize());
  cudaEvent_t start = nullptr, stop = nullptr;
  OAR_CUDA_RETURN_IF_ERROR(cudaEventCreate(&start), "timing: ");
  OAR_CUDA_RETURN_IF_ERROR(cudaEventCreate(&stop), "timing: ");
  const int n = std::max(1, reps);
  Status st;
  double result = -1;
  cudaGraph_t graph = nullptr;
  cudaGraphExec_t exec = nullptr;
  if (cudaStreamBeginCapture(cctx.stream(), cudaStreamCaptureModeThreadLocal) == cudaSuccess) {
    Status ran;
    for (int i = 0; i < n && ran.ok(); ++i) ran = kernel->Run(ctx);
    const cudaError_t ended = cudaStreamEndCapture(cctx.stream(), &graph);
    if (ran.ok() && ended == cudaSuccess && cudaGraphInstantiate(&exec, graph, 0) == cudaSuccess) {
      float ms = 0;
      cudaGraphLaunch(exec, cctx.stream());  // warm-up replay
      cudaEventRecord(start, cctx.stream());
      cudaGraphLaunch(exec, cctx.stream());
      cudaEventRecord(stop, cctx.stream());
      st = oar::cuda::FromCuda(cudaEventSynchronize(stop), "timing: cudaEventSynchronize");
      if (st.ok()) st = oar::cuda::FromCuda(cudaEventElapsedTime(&ms, start, stop), "timing: cudaEventElapsedTime");
      if (st.ok()) result = ms / n;
    }
  }
  if (exec) cudaGraphExecDestroy(exec);
  if (graph) cudaGraphDestroy(graph);
  cudaGetLastError();
  if (result < 0 && st.ok()) {
    std::vector<double> times;
    for (int i = 0; i < n && st.ok(); ++i) {
      cudaEventRecord(start, cctx.stream());
      st = kernel->Run(ctx);
      cudaEventRecord(stop, cctx.stream());
      if (st.ok()) st = oar::cuda::FromCuda(cudaEventSynchronize(stop), "timing: cudaEventSynchronize");
      float ms = 0;
      if (st.ok()) st = oar::cuda::FromCuda(cudaEventElapsedTime(&ms, start, stop), "timing: cudaEventElapsedTime");
      times.push_back(ms);
    }
    if (st.ok()) {
      std::sort(times.begin(), times.end());
      result = times[times.size() / 2];
    }
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  OAR_RETURN_IF_ERROR(st);
  return result;
}

bool HasChannelsLastKernel(const ir::Node& node, const std::vector<DType>& dtypes) {
  for (const runtime::KernelDef* def : runtime::KernelRegistry::Global().KernelsFor(node.kind, runtime::DeviceType::kCuda)) {
    if (def->layout != runtime::KernelDef::Layout::kChannelsLast) continue;
    if (def->dtype != DType::kUndefined && !dtypes.empty() && def->dtype != dtypes[0]) continue;
    if (def->accepts && !def->accepts(node, dtypes)) continue;
    return true;
  }
  return false;
}

}  // namespace

bool IsLayoutAgnostic(const ir::Graph& g, const ir::Node& n) {
  switch (n.kind) {
    case ir::OpKind::kRelu:
    case ir::OpKind::kLeakyRelu:
    case ir::OpKind::kSigmoid:
    case ir::OpKind::kTanh:
    case ir::OpKind::kHardSigmoid:
    case ir::OpKind::kHardSwish:
    case ir::OpKind::kSwish:
    case ir::OpKind::kGelu:
    case ir::OpKind::kExp:
    case ir::OpKind::kSqrt:
    case ir::OpKind::kClip:
    case ir::OpKind::kCast:
    case ir::OpKind::kIdentity:
      return true;
    case ir::OpKind::kScale:
      return n.inputs.size() < 2 || n.inputs[1] == ir::kNoValue;
    case ir::OpKind::kAdd:
    case ir::OpKind::kSub:
    case ir::OpKind::kMul:
    case ir::OpKind::kDiv:
    case ir::OpKind::kMax:
    case ir::OpKind::kMin:
    case ir::OpKind::kSum: {
      const Shape& out = g.value(n.outputs[0]).shape;
      for (ir::ValueId v : n.inputs) {
        if (v == ir::kNoValue || g.value(v).shape != out) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

StatusOr<std::set<std::string>> ChannelsLastLayers(const std::string& blob) {
  std::set<std::string> out;
  if (blob.empty()) return out;
  std::istringstream in(blob);
  std::string line;
  std::getline(in, line);
  if (line != kBlobMagic) return InvalidArgument("cuda engine plan: unknown layout blob header '" + line + "'");
  while (std::getline(in, line)) {
    if (!line.empty()) out.insert(line);
  }
  return out;
}

StatusOr<Plan> BuildCudaPlan(const ir::Graph& subgraph, const BuilderConfig& config, const ProgressFn& progress,
                             TimingCache* timing_cache) {
  auto build_start = Clock::now();
  const std::string where = "cuda engine builder: ";
  switch (config.precision) {
    case Precision::kFp32:
    case Precision::kFp16:
      break;
    case Precision::kBf16:
      return Unsupported(where + "bf16 has no CUDA tactics yet; use fp16 (same tensor-core speed) or fp32");
    case Precision::kInt8:
      return Unsupported(where + "int8 has no CUDA tactics yet; use fp16 or fp32");
  }
  if (config.max_batch_size < 1) {
    return InvalidArgument(where + "max_batch_size must be >= 1, got " + std::to_string(config.max_batch_size));
  }
  OAR_RETURN_IF_ERROR(oar::cuda::CheckDevice(config.device_id).WithPrefix(where));
  const bool half = config.precision == Precision::kFp16;
  ir::Graph g = subgraph;
  if (half) {
    OAR_ASSIGN_OR_RETURN(g, LowerFloatPrecision(subgraph, DType::kFloat16));
  }

  OAR_ASSIGN_OR_RETURN(std::vector<ShapeRange> ranges, SubgraphInputRanges(g, config));
  std::vector<Shape> opt_inputs;
  for (const ShapeRange& r : ranges) opt_inputs.push_back(r.opt);
  std::vector<DType> dtypes;
  OAR_ASSIGN_OR_RETURN(std::vector<Shape> shapes, ValueShapesAt(g, opt_inputs, &dtypes));
  OAR_ASSIGN_OR_RETURN(std::vector<ir::NodeId> order, g.TopologicalOrder());

  // Layout: channels-last layers (f16 only: that is where cuDNN's NHWC tensor-core kernels win).
  std::vector<char> value_cl(static_cast<size_t>(g.num_values()), 0);
  std::set<std::string> cl_layers;
  auto dtypes_of = [&](const ir::Node& n) {
    std::vector<DType> d;
    for (ir::ValueId v : n.inputs) d.push_back(v == ir::kNoValue ? DType::kUndefined : dtypes[static_cast<size_t>(v)]);
    return d;
  };
  if (half) {
    for (ir::NodeId id : order) {
      const ir::Node& n = g.node(id);
      bool cl = false;
      if (HasChannelsLastKernel(n, dtypes_of(n))) {
        cl = true;
      } else if (IsLayoutAgnostic(g, n)) {
        for (ir::ValueId v : n.inputs) {
          if (v != ir::kNoValue && !g.value(v).is_constant()) {
            cl = value_cl[static_cast<size_t>(v)] != 0;
            break;
          }
        }
      }
      if (!cl) continue;
      cl_layers.insert(n.name);
      for (ir::ValueId v : n.outputs) {
        if (shapes[static_cast<size_t>(v)].rank() == 4) value_cl[static_cast<size_t>(v)] = 1;
      }
    }
  }

  OAR_ASSIGN_OR_RETURN(std::unique_ptr<CudaContext> cctx, CudaContext::Create(config.device_id));
  TimingCache local_cache;
  TimingCache& cache = timing_cache ? *timing_cache : local_cache;
  const std::string device = oar::cuda::CudaDeviceSignature();
  const runtime::KernelRegistry& registry = runtime::KernelRegistry::Global();

  std::vector<Tensor> values(static_cast<size_t>(g.num_values()));
  auto device_value = [&](ir::ValueId v) -> StatusOr<Tensor*> {
    Tensor& t = values[static_cast<size_t>(v)];
    if (!t.defined()) {
      const ir::Value& val = g.value(v);
      if (val.is_constant()) {
        OAR_ASSIGN_OR_RETURN(t, oar::cuda::ToDevice(*val.constant, *cctx));
      } else {
        OAR_ASSIGN_OR_RETURN(t, RandomDeviceTensor(dtypes[static_cast<size_t>(v)], shapes[static_cast<size_t>(v)],
                                                   0x5eed0000u + static_cast<uint64_t>(v), *cctx));
      }
    }
    return &t;
  };

  PlanData plan;
  plan.oar_version = OAR_VERSION_STRING;
  plan.backend = "cuda";
  plan.device_signature = device;
  plan.precision = config.precision;
  plan.workspace_size = config.workspace_size;
  plan.max_batch_size = config.max_batch_size;
  plan.timing = config.timing;
  plan.cuda_graph = config.cuda_graph;
  for (size_t i = 0; i < ranges.size(); ++i) {
    const std::string& name = g.value(g.inputs()[i]).name;
    if (config.profile.Find(name)) plan.profile.ranges[name] = ranges[i];
  }

  int timed = 0;
  const size_t num_layers = order.size();
  for (size_t li = 0; li < num_layers; ++li) {
    const ir::Node& node = g.node(order[li]);
    const bool cl = cl_layers.count(node.name) > 0;
    std::vector<DType> in_dtypes = dtypes_of(node);
    std::vector<Shape> in_shapes;
    for (ir::ValueId v : node.inputs) in_shapes.push_back(v == ir::kNoValue ? Shape() : shapes[static_cast<size_t>(v)]);
    std::vector<const runtime::KernelDef*> candidates;
    const bool agnostic = IsLayoutAgnostic(g, node);
    for (const runtime::KernelDef* def : registry.KernelsFor(node.kind, runtime::DeviceType::kCuda)) {
      DType in0 = in_dtypes.empty() ? DType::kUndefined : in_dtypes[0];
      if (def->dtype != DType::kUndefined && def->dtype != in0) continue;
      if (def->accepts && !def->accepts(node, in_dtypes)) continue;
      if (cl && !agnostic && def->layout != runtime::KernelDef::Layout::kChannelsLast) continue;
      candidates.push_back(def);
    }
    if (candidates.empty()) {
      return Unsupported(where + "layer '" + node.name + "' (" + ir::OpKindName(node.kind) +
                         "): no CUDA kernel accepts it");
    }
    runtime::KernelContext ctx;
    ctx.node = &node;
    ctx.cuda = cctx.get();
    ctx.workspace_limit = config.workspace_size;
    ctx.allow_tf32 = config.allow_tf32;
    ctx.channels_last = cl && !agnostic;
    for (ir::ValueId v : node.inputs) {
      if (v == ir::kNoValue) {
        ctx.inputs.push_back(nullptr);
        ctx.constant_inputs.push_back(false);
        continue;
      }
      OAR_ASSIGN_OR_RETURN(Tensor * t, device_value(v));
      ctx.inputs.push_back(t);
      ctx.constant_inputs.push_back(g.value(v).is_constant());
    }
    for (ir::ValueId v : node.outputs) {
      OAR_ASSIGN_OR_RETURN(Tensor * t, device_value(v));
      ctx.outputs.push_back(t);
    }
    LayerChoice choice;
    choice.node = node.name;
    double best_ms = -1;
    std::string failures;
    const std::string signature =
        LayerSignature(node, in_dtypes, in_shapes, device) + (ctx.channels_last ? "|nhwc" : "") +
        (config.allow_tf32 ? "|tf32" : "");
    const bool time_all = config.timing && candidates.size() > 1;
    std::vector<const runtime::KernelDef*> order_by_priority = candidates;
    std::stable_sort(order_by_priority.begin(), order_by_priority.end(),
                     [](const runtime::KernelDef* a, const runtime::KernelDef* b) { return a->priority > b->priority; });
    for (const runtime::KernelDef* c : order_by_priority) {
      std::optional<double> ms = time_all ? cache.Lookup(signature, c->name) : std::nullopt;
      if (!ms) {
        StatusOr<double> t = TimeTactic(*c, ctx, time_all ? config.timing_reps : 1, *cctx);
        if (!t.ok()) {
          cudaGetLastError();
          failures += "\n  " + c->name + ": " + t.status().message();
          continue;
        }
        ms = *t;
        ++timed;
        if (time_all) cache.Record(signature, c->name, *ms);
      }
      if (best_ms < 0 || *ms < best_ms) {
        best_ms = *ms;
        choice.tactic = c->name;
      }
      if (!time_all) break;  // the highest-priority kernel that works
    }
    if (best_ms < 0) {
      return Unsupported(where + "layer '" + node.name + "' (" + ir::OpKindName(node.kind) +
                         "): every tactic failed:" + failures);
    }
    choice.ms = best_ms;
    if (progress) {
      char buf[64];
      snprintf(buf, sizeof(buf), " (%.3g ms, %zu tactic%s)", best_ms, candidates.size(),
               candidates.size() == 1 ? "" : "s");
      progress("layer " + std::to_string(li + 1) + "/" + std::to_string(num_layers) + " " +
               ir::OpKindName(node.kind) + " '" + node.name + "'" + (cl ? " [nhwc]" : "") + ": tactic " +
               choice.tactic + buf);
    }
    plan.layers.push_back(std::move(choice));
  }

  std::vector<size_t> bytes(static_cast<size_t>(g.num_values()), 0);
  for (size_t v = 0; v < bytes.size(); ++v) {
    if (shapes[v].IsStatic()) bytes[v] = static_cast<size_t>(shapes[v].NumElements()) * DTypeSize(dtypes[v]);
  }
  plan.arena = PlanArena(g, order, bytes);
  std::string blob = std::string(kBlobMagic) + "\n";
  for (const std::string& name : cl_layers) blob += name + "\n";
  plan.backend_blob = blob;
  plan.subgraph = std::make_shared<const ir::Graph>(std::move(g));
  plan.build_ms = MsSince(build_start);
  if (progress) {
    char buf[160];
    snprintf(buf, sizeof(buf), "built %zu layers (%zu channels-last, %d tactic timings) in %.3f s, arena %.2f MB",
             num_layers, cl_layers.size(), timed, plan.build_ms / 1000.0,
             static_cast<double>(plan.arena.total_bytes) / (1024.0 * 1024.0));
    progress(buf);
  }
  return Plan(std::move(plan));
}

}  // namespace oar::engine::cuda
