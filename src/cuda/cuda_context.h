// CudaContext: what device work of one predictor (or one engine execution context) runs with --
// the device, the stream, library handles bound to that stream, and a growable scratch
// workspace. Not shared between threads. Kernels reach it through
// runtime::KernelContext::cuda (an opaque pointer there, since the runtime knows no CUDA).
#pragma once

#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cudnn.h>

#include <memory>

#include "core/status.h"
#include "core/tensor.h"
#include "cuda/device_allocator.h"

namespace oar::cuda {

class CudaContext {
 public:
  /// A context on `device_id` with its own non-blocking stream, or on `external_stream` when given
  /// (Config::SetExecStream: the caller owns that stream).
  static StatusOr<std::unique_ptr<CudaContext>> Create(int device_id, cudaStream_t external_stream = nullptr);
  ~CudaContext();
  CudaContext(const CudaContext&) = delete;
  CudaContext& operator=(const CudaContext&) = delete;

  int device() const { return device_; }
  cudaStream_t stream() const { return stream_; }
  /// Switches to a caller-owned stream (handles follow). The previous own stream is kept.
  Status SetStream(cudaStream_t stream);

  /// Library handles, created on first use and bound to stream().
  StatusOr<cudnnHandle_t> cudnn();
  StatusOr<cublasLtHandle_t> cublas_lt();

  /// Scratch memory of at least `bytes` on the device, shared by every kernel of the context. Size
  /// it in Prepare and call it again in Run (no allocation then, since Prepare already grew it):
  /// a later kernel's Prepare may have replaced the block, and the old one returns to the
  /// allocator at the next Synchronize.
  StatusOr<void*> Workspace(size_t bytes);

  /// A device tensor from this device's caching allocator.
  StatusOr<Tensor> Empty(DType dtype, const Shape& shape);

  /// Makes the calling thread's current device this context's device.
  Status Activate() const;
  Status Synchronize() const;

 private:
  explicit CudaContext(int device) : device_(device) {}
  int device_;
  cudaStream_t stream_ = nullptr;
  cudaStream_t own_stream_ = nullptr;
  cudnnHandle_t cudnn_ = nullptr;
  cublasLtHandle_t lt_ = nullptr;
  std::shared_ptr<Buffer> workspace_;
  std::vector<std::shared_ptr<Buffer>> retired_workspaces_;
};

/// Copies (async on `stream`) between host and device tensors of the same dtype and element
/// count; either side may be a host or a device tensor. Errors name `what` and both tensors.
Status CopyTensor(const Tensor& src, Tensor* dst, cudaStream_t stream, const std::string& what);
/// A device copy of a host tensor (async on ctx's stream).
StatusOr<Tensor> ToDevice(const Tensor& host, CudaContext& ctx);
/// A host copy of a device tensor (synchronises ctx's stream).
StatusOr<Tensor> ToHost(const Tensor& device, CudaContext& ctx);

}  // namespace oar::cuda
