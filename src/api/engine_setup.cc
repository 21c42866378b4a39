#include "api/engine_setup.h"

#include <filesystem>

#include "api/shape_range_file.h"
#include "engine/prepare_engine_graph.h"
#ifdef OAR_WITH_CUDA
#include "engine/cuda/cuda_engine_backend.h"
#endif

namespace oar::infer {

namespace {

// Paddle op types users pass to Exp_DisableTensorRtOPs, mapped to oar's canonical kinds.
bool PaddleTypeToKind(const std::string& type, ir::OpKind* kind) {
  static const std::map<std::string, ir::OpKind> kMap = {
      {"depthwise_conv2d", ir::OpKind::kConv2d}, {"elementwise_add", ir::OpKind::kAdd},
      {"elementwise_sub", ir::OpKind::kSub},     {"elementwise_mul", ir::OpKind::kMul},
      {"elementwise_div", ir::OpKind::kDiv},     {"elementwise_max", ir::OpKind::kMax},
      {"elementwise_min", ir::OpKind::kMin},     {"elementwise_pow", ir::OpKind::kPow},
      {"mul", ir::OpKind::kMatMul},              {"matmul_v2", ir::OpKind::kMatMul},
      {"fc", ir::OpKind::kMatMul},               {"relu6", ir::OpKind::kClip},
      {"reshape2", ir::OpKind::kReshape},        {"transpose2", ir::OpKind::kTranspose},
      {"flatten2", ir::OpKind::kFlatten},        {"flatten_contiguous_range", ir::OpKind::kFlatten},
      {"squeeze2", ir::OpKind::kSqueeze},        {"unsqueeze2", ir::OpKind::kUnsqueeze},
      {"nearest_interp_v2", ir::OpKind::kResize}, {"bilinear_interp_v2", ir::OpKind::kResize},
      {"pad2d", ir::OpKind::kPad},               {"dropout", ir::OpKind::kIdentity},
  };
  auto it = kMap.find(type);
  if (it != kMap.end()) {
    *kind = it->second;
    return true;
  }
  return ir::ParseOpKind(type, kind);
}

Status AddProfile(const Config& c, engine::OptimizationProfile* profile) {
  if (!c.tuned_dynamic_shape_file().empty()) {
    OAR_ASSIGN_OR_RETURN(auto ranges, ReadShapeRangeFile(c.tuned_dynamic_shape_file()));
    for (const auto& [name, r] : ranges) {
      OAR_RETURN_IF_ERROR(profile->Add(name, Shape(r.min), Shape(r.opt), Shape(r.max))
                              .WithPrefix("config: EnableTunedDynamicShape('" + c.tuned_dynamic_shape_file() + "'): "));
    }
    return Status::OK();
  }
  const auto& mins = c.min_input_shape();
  const auto& maxs = c.max_input_shape();
  const auto& opts = c.opt_input_shape();
  for (const auto& [name, lo] : mins) {
    auto hi = maxs.find(name);
    auto opt = opts.find(name);
    if (hi == maxs.end() || opt == opts.end()) {
      return InvalidArgument("config: SetDynamicShapeInfo: input '" + name +
                             "' needs a min, a max and an opt shape; the max or opt shape is missing");
    }
    auto to_shape = [](const std::vector<int>& v) { return Shape(std::vector<int64_t>(v.begin(), v.end())); };
    OAR_RETURN_IF_ERROR(profile->Add(name, to_shape(lo), to_shape(opt->second), to_shape(hi->second)));
  }
  for (const auto& [name, _] : maxs) {
    if (!mins.count(name)) return InvalidArgument("config: SetDynamicShapeInfo: input '" + name + "' has no min shape");
  }
  return Status::OK();
}

}  // namespace

Status PrepareEngines(ir::Graph& graph, const Config& config, bool on_gpu) {
  if (!config.engine_enabled()) return Status::OK();
  engine::EngineOptions options;
  if (on_gpu) {
#ifdef OAR_WITH_CUDA
    engine::cuda::RegisterCudaEngineBackend();
    options.backend = "cuda";
    options.builder.device_id = config.gpu_device_id();
    options.builder.allow_tf32 = config.tf32_allowed();
#else
    return Internal("config: a GPU predictor in a build without CUDA");
#endif
  }
  engine::BuilderConfig& b = options.builder;
  b.workspace_size = config.workspace_size();
  b.max_batch_size = config.max_batch_size();
  b.min_subgraph_size = config.min_subgraph_size();
  switch (config.precision()) {
    case Precision::kFloat32: b.precision = engine::Precision::kFp32; break;
    case Precision::kHalf: b.precision = engine::Precision::kFp16; break;
    case Precision::kBfloat16: b.precision = engine::Precision::kBf16; break;
    case Precision::kInt8: b.precision = engine::Precision::kInt8; break;
  }
  if (config.use_calib_mode() && config.precision() == Precision::kInt8) {
    return Unsupported("config: INT8 calibration (use_calib_mode) is not available in this build yet");
  }
  OAR_RETURN_IF_ERROR(AddProfile(config, &b.profile));
  options.use_static = config.use_static();
  options.cache_dir = config.optim_cache_dir();
  options.model_dir = !config.model_dir().empty()
                          ? config.model_dir()
                          : std::filesystem::path(config.prog_file()).parent_path().string();
  for (const std::string& op : config.engine_disabled_ops()) {
    ir::OpKind kind;
    if (PaddleTypeToKind(op, &kind)) {
      options.deny_kinds.insert(kind);
    } else {
      options.deny_node_names.insert(op);
    }
  }
  return engine::PrepareEngineGraph(graph, options);
}

}  // namespace oar::infer
