/// @file predictor.h
/// oar::infer::Predictor and its input/output Tensor handles.
///
/// Errors: every call that can fail throws oar::infer::Error (a std::runtime_error) carrying
/// an ErrorCode and oar's message, which names the input, the expected and the actual value.
/// Thread safety: a Predictor is used by one thread at a time; Clone() gives another Predictor
/// that shares the weights, for another thread.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "oar/config.h"

namespace oar::infer {

enum class DataType { FLOAT32, FLOAT16, BFLOAT16, FLOAT64, INT8, UINT8, INT32, INT64, BOOL };
/// Element size in bytes.
int SizeOf(DataType t);
/// "float32", "int64", ...
const char* DataTypeName(DataType t);

enum class ErrorCode { kInvalidArgument = 1, kInvalidGraph, kUnsupported, kNotFound, kOutOfMemory,
                       kDeviceError, kInternal, kVersionMismatch };

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

class PredictorImpl;

/// A handle on one input or output of a Predictor. Valid as long as the Predictor lives.
/// Where memory given to ShareExternalData lives.
enum class PlaceType { kCPU, kGPU };

class Tensor {
 public:
  /// Sets the shape of an input before CopyFromCpu (optional: CopyFromCpu with a shape set
  /// earlier uses it; inputs need a shape before Run).
  void Reshape(const std::vector<int>& shape);
  /// Copies numel(shape) elements of T into the input. T must match the input's dtype.
  template <typename T>
  void CopyFromCpu(const T* data);
  /// Copies the output (after Run) into `data` (numel elements of T; T must match type()).
  template <typename T>
  void CopyToCpu(T* data) const;
  /// Zero copy: the input reads `data` directly (no copy) until the next ShareExternalData or
  /// CopyFromCpu; the caller keeps the memory alive and unchanged until Run returns. With
  /// PlaceType::kGPU, `data` is device memory of the predictor's GPU (the input stays on the
  /// device: no host round trip).
  void ShareExternalData(const void* data, const std::vector<int64_t>& shape, DataType dtype,
                         PlaceType place = PlaceType::kCPU);
  /// Zero copy the other way: the tensor's memory where it lives (after Run for an output; a GPU
  /// predictor's outputs stay in device memory: *place == PlaceType::kGPU), with its element count
  /// in *numel. Valid until the next Run. T must match type().
  template <typename T>
  const T* data(PlaceType* place, int64_t* numel) const;
  const void* RawData(PlaceType* place, int64_t* numel) const;
  /// Untyped forms used by the bindings: dtype + raw bytes.
  void CopyFromCpuRaw(DataType dtype, const void* data, const std::vector<int64_t>& shape);
  void CopyToCpuRaw(void* data) const;
  std::vector<int> shape() const;
  DataType type() const;
  const std::string& name() const { return name_; }

  /// Paddle ZeroCopyTensor spellings.
  template <typename T>
  void copy_from_cpu(const T* data) { CopyFromCpu(data); }
  template <typename T>
  void copy_to_cpu(T* data) const { CopyToCpu(data); }

  Tensor(PredictorImpl* owner, std::string name, int index, bool is_input)
      : owner_(owner), name_(std::move(name)), index_(index), is_input_(is_input) {}

 private:
  PredictorImpl* owner_;
  std::string name_;
  int index_;
  bool is_input_;
};

/// Name, element type and shape (-1 = any size) of a model input or output as the model declares it.
struct IOSpec {
  std::string name;
  DataType dtype;
  std::vector<int64_t> shape;
};

/// Time spent in one op over the profiled runs (Config::EnableProfile).
struct OpTiming {
  std::string name;    // op (node) name
  std::string kind;    // canonical op kind, e.g. "conv2d"
  std::string kernel;  // kernel that ran it, e.g. "onednn"
  double total_ms = 0;
  int runs = 0;
};

class Predictor {
 public:
  explicit Predictor(std::unique_ptr<PredictorImpl> impl);
  ~Predictor();

  std::vector<std::string> GetInputNames() const;
  std::vector<std::string> GetOutputNames() const;
  std::vector<IOSpec> GetInputSpecs() const;
  std::vector<IOSpec> GetOutputSpecs() const;
  std::unique_ptr<Tensor> GetInputHandle(const std::string& name);
  std::unique_ptr<Tensor> GetOutputHandle(const std::string& name);
  /// Runs the model on the inputs set through the handles. Returns true; throws Error on failure.
  bool Run();
  /// A new Predictor sharing this one's weights, with its own inputs/outputs/activations.
  std::unique_ptr<Predictor> Clone();

  /// Paddle-style spellings.
  std::unique_ptr<Tensor> GetInputTensor(const std::string& name) { return GetInputHandle(name); }
  std::unique_ptr<Tensor> GetOutputTensor(const std::string& name) { return GetOutputHandle(name); }
  bool ZeroCopyRun() { return Run(); }

  /// Introspection: peak/pool activation bytes of the last runs, kernel choice per op.
  size_t ActivationPoolBytes() const;
  size_t PeakActivationBytes() const;
  std::vector<std::string> KernelChoices() const;
  /// On a GPU predictor: the ops that run on the CPU (with copies) and why; empty otherwise.
  std::vector<std::string> CpuFallbacks() const;
  /// True when the predictor runs on a GPU (EnableUseGpu with a usable device in a CUDA build).
  bool OnGpu() const;
  /// Per-op times in execution order; empty unless Config::EnableProfile() was set.
  std::vector<OpTiming> GetOpTimings() const;
  PredictorImpl* impl() { return impl_.get(); }

 private:
  std::unique_ptr<PredictorImpl> impl_;
};

/// Loads the model of `config` and prepares it to run. Throws Error (e.g. kNotFound for a
/// missing model file, kUnsupported listing every op type oar lacks).
std::shared_ptr<Predictor> CreatePredictor(const Config& config);
/// The same, uniquely owned (Paddle 1.x's CreatePaddlePredictor returns a unique_ptr).
std::unique_ptr<Predictor> CreateUniquePredictor(const Config& config);

/// oar's version, e.g. "0.1.0", and build facts ("onednn=ON cuda=OFF").
std::string GetVersion();

}  // namespace oar::infer
