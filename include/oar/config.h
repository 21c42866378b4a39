/// @file config.h
/// oar::infer::Config — how a Predictor loads and runs a model. Mirrors Paddle Inference's
/// Config / AnalysisConfig so that code written for it compiles after changing the includes
/// (see paddle_inference_api.h for the Paddle-style names).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace oar::infer {

/// Engine precision; values as Paddle's AnalysisConfig::Precision.
enum class Precision { kFloat32 = 0, kInt8 = 1, kHalf = 2, kBfloat16 = 3 };

/// Model location and run options. Plain value type; copy freely. Not thread-safe to mutate
/// while a Predictor is being created from it.
class Config {
 public:
  Config() = default;
  /// A model directory: the layout (combined `__model__`+`__params__`, `*.pdmodel`+`*.pdiparams`,
  /// or `__model__` + one file per variable) is detected.
  explicit Config(const std::string& model_dir) : model_dir_(model_dir) {}
  /// A graph file and a combined params file.
  Config(const std::string& prog_file, const std::string& params_file)
      : prog_file_(prog_file), params_file_(params_file) {}

  void SetModel(const std::string& model_dir) { model_dir_ = model_dir; prog_file_.clear(); params_file_.clear(); }
  void SetModel(const std::string& prog_file, const std::string& params_file) {
    model_dir_.clear();
    prog_file_ = prog_file;
    params_file_ = params_file;
  }
  void SetProgFile(const std::string& f) { prog_file_ = f; }
  void SetParamsFile(const std::string& f) { params_file_ = f; }
  const std::string& model_dir() const { return model_dir_; }
  const std::string& prog_file() const { return prog_file_; }
  const std::string& params_file() const { return params_file_; }

  /// oar never inserts feed/fetch ops; kept for compatibility (either value works the same).
  void SwitchUseFeedFetchOps(bool use = true) { use_feed_fetch_ops_ = use; }
  bool use_feed_fetch_ops_enabled() const { return use_feed_fetch_ops_; }
  /// Reuse activation buffers by liveness (lower peak memory).
  void EnableMemoryOptim(bool enable = true) { memory_optim_ = enable; }
  bool enable_memory_optim() const { return memory_optim_; }
  /// Threads for the CPU kernels (OpenMP and oneDNN). Default 1.
  void SetCpuMathLibraryNumThreads(int n) { cpu_threads_ = n < 1 ? 1 : n; }
  int cpu_math_library_num_threads() const { return cpu_threads_; }
  /// Runs on GPU `device_id`: every op with a CUDA kernel runs there, the rest on the CPU with
  /// copies (Predictor::CpuFallbacks lists them). `memory_pool_init_size_mb` is accepted for
  /// Paddle compatibility; oar's caching allocator grows as needed and keeps freed blocks. When
  /// oar was built without CUDA or no GPU is present, creating the Predictor prints one warning
  /// and runs on the CPU.
  void EnableUseGpu(uint64_t memory_pool_init_size_mb, int device_id = 0) {
    use_gpu_ = true;
    gpu_memory_mb_ = memory_pool_init_size_mb;
    gpu_device_id_ = device_id;
  }
  void DisableGpu() { use_gpu_ = false; }
  /// A caller-owned cudaStream_t (passed as void*) that all of the predictor's GPU work is
  /// enqueued on; Run still returns only when that work is done.
  void SetExecStream(void* stream) { exec_stream_ = stream; }
  void* exec_stream() const { return exec_stream_; }
  /// Lets f32 convolutions and matrix products use TF32 tensor cores (about 1e-3 relative
  /// error instead of 1e-6). Off by default.
  void AllowTf32(bool allow = true) { allow_tf32_ = allow; }
  bool tf32_allowed() const { return allow_tf32_; }
  /// Graph optimisation before running (dead code, identities, constant folding, conv+batch_norm
  /// folding, conv/fc + bias + activation fusion). On by default, as in Paddle Inference.
  void SwitchIrOptim(bool enable = true) { ir_optim_ = enable; }
  bool ir_optim() const { return ir_optim_; }
  /// Prints oar's IR to stderr after each named pass ("all" for every pass); for debugging.
  void SetIrDumpAfter(const std::vector<std::string>& pass_names) { ir_dump_after_ = pass_names; }
  const std::vector<std::string>& ir_dump_after() const { return ir_dump_after_; }
  /// Runs the subgraphs the optimizing engine supports as engine nodes (Paddle's TensorRT
  /// subgraph mode with oar's engine): groups of at least `min_subgraph_size` supported ops
  /// become one engine each, built at the first Predictor creation (tactics timed per layer) or,
  /// with `use_static`, loaded from the optimisation cache (`<model_dir>/_opt_cache` or
  /// SetOptimCacheDir). Without SetDynamicShapeInfo an unknown batch is built for
  /// `max_batch_size` and larger batches are an error. On the GPU (EnableUseGpu) engines are
  /// CUDA engines: kFloat32 (TF32 with AllowTf32) and kHalf (f16 tensor cores, NHWC inside).
  /// On the CPU: kFloat32, kBfloat16 where the CPU has avx512_bf16/AMX; kHalf falls back to
  /// kFloat32 with one warning. kInt8 is not available yet (error).
  void EnableEngine(int64_t workspace_size = int64_t{1} << 30, int max_batch_size = 1, int min_subgraph_size = 3,
                    Precision precision = Precision::kFloat32, bool use_static = false, bool use_calib_mode = false) {
    engine_ = true;
    workspace_size_ = workspace_size;
    max_batch_size_ = max_batch_size;
    min_subgraph_size_ = min_subgraph_size;
    precision_ = precision;
    use_static_ = use_static;
    use_calib_mode_ = use_calib_mode;
  }
  /// Paddle spelling of EnableEngine.
  void EnableTensorRtEngine(int64_t workspace_size = int64_t{1} << 30, int max_batch_size = 1,
                            int min_subgraph_size = 3, Precision precision = Precision::kFloat32,
                            bool use_static = false, bool use_calib_mode = false) {
    EnableEngine(workspace_size, max_batch_size, min_subgraph_size, precision, use_static, use_calib_mode);
  }
  bool engine_enabled() const { return engine_; }
  bool tensorrt_engine_enabled() const { return engine_; }
  int64_t workspace_size() const { return workspace_size_; }
  int max_batch_size() const { return max_batch_size_; }
  int min_subgraph_size() const { return min_subgraph_size_; }
  Precision precision() const { return precision_; }
  bool use_static() const { return use_static_; }
  bool use_calib_mode() const { return use_calib_mode_; }
  /// min/max/opt shapes of MODEL inputs (by name); ranges of every engine input are derived.
  void SetDynamicShapeInfo(const std::map<std::string, std::vector<int>>& min_input_shape,
                           const std::map<std::string, std::vector<int>>& max_input_shape,
                           const std::map<std::string, std::vector<int>>& opt_input_shape,
                           bool disable_plugin_fp16 = false) {
    (void)disable_plugin_fp16;
    min_shapes_ = min_input_shape;
    max_shapes_ = max_input_shape;
    opt_shapes_ = opt_input_shape;
  }
  void SetTRTDynamicShapeInfo(const std::map<std::string, std::vector<int>>& min_input_shape,
                              const std::map<std::string, std::vector<int>>& max_input_shape,
                              const std::map<std::string, std::vector<int>>& opt_input_shape,
                              bool disable_trt_plugin_fp16 = false) {
    SetDynamicShapeInfo(min_input_shape, max_input_shape, opt_input_shape, disable_trt_plugin_fp16);
  }
  const std::map<std::string, std::vector<int>>& min_input_shape() const { return min_shapes_; }
  const std::map<std::string, std::vector<int>>& max_input_shape() const { return max_shapes_; }
  const std::map<std::string, std::vector<int>>& opt_input_shape() const { return opt_shapes_; }
  /// Collection mode: every Run records the shapes of the model inputs, and the file is rewritten
  /// with min / opt (the most frequent shape) / max per input. Run representative inputs, then
  /// build engines from it with EnableTunedDynamicShape.
  void CollectShapeRangeInfo(const std::string& file) { shape_range_collect_file_ = file; }
  const std::string& shape_range_collect_file() const { return shape_range_collect_file_; }
  /// Uses a file written by CollectShapeRangeInfo as the dynamic-shape profile (instead of
  /// SetDynamicShapeInfo). A missing or malformed file is an error naming it.
  void EnableTunedDynamicShape(const std::string& file) { tuned_shape_file_ = file; }
  const std::string& tuned_dynamic_shape_file() const { return tuned_shape_file_; }
  /// Where engine plans and the timing cache are stored (default `<model_dir>/_opt_cache`).
  void SetOptimCacheDir(const std::string& dir) { optim_cache_dir_ = dir; }
  const std::string& optim_cache_dir() const { return optim_cache_dir_; }
  /// Ops kept out of engines: canonical kinds ("conv2d", "add"), Paddle op types
  /// ("elementwise_add", "depthwise_conv2d") or op names.
  void DisableEngineOps(const std::vector<std::string>& ops) { engine_deny_.insert(engine_deny_.end(), ops.begin(), ops.end()); }
  void Exp_DisableTensorRtOPs(const std::vector<std::string>& ops) { DisableEngineOps(ops); }
  const std::vector<std::string>& engine_disabled_ops() const { return engine_deny_; }

  /// Times every op of every Run (Predictor::GetOpTimings). Small overhead per op.
  void EnableProfile() { profile_ = true; }
  bool profile_enabled() const { return profile_; }
  bool use_gpu() const { return use_gpu_; }
  int gpu_device_id() const { return gpu_device_id_; }
  uint64_t memory_pool_init_size_mb() const { return gpu_memory_mb_; }

 private:
  std::string model_dir_, prog_file_, params_file_;
  bool use_feed_fetch_ops_ = true;
  bool memory_optim_ = false;
  int cpu_threads_ = 1;
  bool use_gpu_ = false;
  bool profile_ = false;
  bool ir_optim_ = true;
  bool engine_ = false;
  int64_t workspace_size_ = int64_t{1} << 30;
  int max_batch_size_ = 1;
  int min_subgraph_size_ = 3;
  Precision precision_ = Precision::kFloat32;
  bool use_static_ = false;
  bool use_calib_mode_ = false;
  std::map<std::string, std::vector<int>> min_shapes_, max_shapes_, opt_shapes_;
  std::string optim_cache_dir_;
  std::string shape_range_collect_file_, tuned_shape_file_;
  std::vector<std::string> engine_deny_;
  std::vector<std::string> ir_dump_after_;
  uint64_t gpu_memory_mb_ = 0;
  int gpu_device_id_ = 0;
  void* exec_stream_ = nullptr;
  bool allow_tf32_ = false;
};

}  // namespace oar::infer
