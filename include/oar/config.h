/// @file config.h
/// oar::infer::Config — how a Predictor loads and runs a model. Mirrors Paddle Inference's
/// Config / AnalysisConfig so that code written for it compiles after changing the includes
/// (see paddle_inference_api.h for the Paddle-style names).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace oar::infer {

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
  /// Asks for the GPU. When oar was built without CUDA or no GPU is present, creating the
  /// Predictor prints one warning and runs on the CPU.
  void EnableUseGpu(uint64_t memory_pool_init_size_mb, int device_id = 0) {
    use_gpu_ = true;
    gpu_memory_mb_ = memory_pool_init_size_mb;
    gpu_device_id_ = device_id;
  }
  void DisableGpu() { use_gpu_ = false; }
  /// Graph optimisation before running (dead code, identities, constant folding, conv+batch_norm
  /// folding, conv/fc + bias + activation fusion). On by default, as in Paddle Inference.
  void SwitchIrOptim(bool enable = true) { ir_optim_ = enable; }
  bool ir_optim() const { return ir_optim_; }
  /// Prints oar's IR to stderr after each named pass ("all" for every pass); for debugging.
  void SetIrDumpAfter(const std::vector<std::string>& pass_names) { ir_dump_after_ = pass_names; }
  const std::vector<std::string>& ir_dump_after() const { return ir_dump_after_; }
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
  std::vector<std::string> ir_dump_after_;
  uint64_t gpu_memory_mb_ = 0;
  int gpu_device_id_ = 0;
};

}  // namespace oar::infer
