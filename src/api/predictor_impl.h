// Internal state behind oar::infer::Predictor.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/shape_range_file.h"
#include "core/tensor.h"
#include "ir/graph.h"
#include "oar/predictor.h"
#include "runtime/executor.h"

namespace oar::infer {

class PredictorImpl {
 public:
  static std::unique_ptr<PredictorImpl> Create(const Config& config);
  std::unique_ptr<PredictorImpl> Clone() const;

  const std::vector<std::string>& input_names() const { return input_names_; }
  const std::vector<std::string>& output_names() const { return output_names_; }
  int InputIndex(const std::string& name) const;
  int OutputIndex(const std::string& name) const;

  void SetInputShape(int index, const std::vector<int64_t>& shape);
  void SetInputData(int index, DType dtype, const void* data, const std::vector<int64_t>* shape);
  /// Zero-copy input over caller memory (device memory when on_device).
  void ShareInput(int index, DType dtype, const void* data, const std::vector<int64_t>& shape, bool on_device);
  const oar::Tensor& InputTensor(int index) const { return inputs_[static_cast<size_t>(index)]; }
  /// The output after Run; throws when Run has not succeeded yet.
  const oar::Tensor& OutputTensor(int index) const;
  std::vector<int64_t> InputShape(int index) const;
  DType InputDType(int index) const;
  void Run();
  /// Copies output `index` (host or device) into `data`.
  void CopyOutput(int index, void* data) const;
  /// True when the predictor runs on a GPU.
  bool on_gpu() const { return cuda_ != nullptr; }
  runtime::Executor& executor() { return *executor_; }
  const runtime::Executor& executor() const { return *executor_; }

 private:
  PredictorImpl() = default;
  void Init();

  /// Creates the CUDA context when the config asks for the GPU and one is usable; warns once and
  /// stays on the CPU otherwise.
  void InitDevice();

  Config config_;
  std::shared_ptr<void> cuda_;  // cuda::CudaContext (type-erased: this header is CUDA-free)
  std::shared_ptr<const ir::Graph> graph_;
  std::unique_ptr<runtime::Executor> executor_;
  std::vector<std::string> input_names_, output_names_;
  std::vector<oar::Tensor> inputs_;
  std::vector<std::shared_ptr<Buffer>> pinned_;  // per input: page-locked staging (GPU predictors)
  // Shape given by Reshape() and not yet followed by CopyFromCpu() (nullopt: none).
  std::vector<std::optional<std::vector<int64_t>>> pending_shapes_;
  std::vector<oar::Tensor> outputs_;
  bool ran_ = false;
  ShapeRangeCollector shape_ranges_;  // Config::CollectShapeRangeInfo
};

/// Throws Error for a failed Status (maps ErrorCode).
void ThrowIfError(const Status& status);
DType ToCoreDType(DataType t);
DataType FromCoreDType(DType t);

}  // namespace oar::infer
