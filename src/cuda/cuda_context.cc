#include "cuda/cuda_context.h"

#include "cuda/cuda_device.h"
#include "cuda/cuda_status.h"

namespace oar::cuda {

StatusOr<std::unique_ptr<CudaContext>> CudaContext::Create(int device_id, cudaStream_t external_stream) {
  OAR_RETURN_IF_ERROR(CheckDevice(device_id));
  std::unique_ptr<CudaContext> ctx(new CudaContext(device_id));
  OAR_RETURN_IF_ERROR(ctx->Activate());
  if (external_stream) {
    ctx->stream_ = external_stream;
  } else {
    OAR_CUDA_RETURN_IF_ERROR(cudaStreamCreateWithFlags(&ctx->own_stream_, cudaStreamNonBlocking), "");
    ctx->stream_ = ctx->own_stream_;
  }
  return ctx;
}

CudaContext::~CudaContext() {
  if (stream_) cudaStreamSynchronize(stream_);
  if (cudnn_) cudnnDestroy(cudnn_);
  if (lt_) cublasLtDestroy(lt_);
  workspace_.reset();
  retired_workspaces_.clear();
  if (own_stream_) cudaStreamDestroy(own_stream_);
}

Status CudaContext::Activate() const {
  OAR_CUDA_RETURN_IF_ERROR(cudaSetDevice(device_), "");
  return Status::OK();
}

Status CudaContext::SetStream(cudaStream_t stream) {
  if (!stream) return InvalidArgument("cuda: SetStream needs a stream (got null)");
  OAR_CUDA_RETURN_IF_ERROR(cudaStreamSynchronize(stream_), "");
  stream_ = stream;
  if (cudnn_) OAR_CUDA_RETURN_IF_ERROR(cudnnSetStream(cudnn_, stream_), "");
  return Status::OK();
}

StatusOr<cudnnHandle_t> CudaContext::cudnn() {
  if (!cudnn_) {
    OAR_RETURN_IF_ERROR(Activate());
    OAR_CUDA_RETURN_IF_ERROR(cudnnCreate(&cudnn_), "");
    OAR_CUDA_RETURN_IF_ERROR(cudnnSetStream(cudnn_, stream_), "");
  }
  return cudnn_;
}

StatusOr<cublasLtHandle_t> CudaContext::cublas_lt() {
  if (!lt_) {
    OAR_RETURN_IF_ERROR(Activate());
    OAR_CUDA_RETURN_IF_ERROR(cublasLtCreate(&lt_), "");
  }
  return lt_;
}

StatusOr<void*> CudaContext::Workspace(size_t bytes) {
  if (!workspace_ || workspace_->size() < bytes) {
    // The old block may still be in use by enqueued work: keep it alive until the next sync.
    if (workspace_) retired_workspaces_.push_back(std::move(workspace_));
    OAR_ASSIGN_OR_RETURN(workspace_, DeviceAllocator::Get(device_).Allocate(bytes));
  }
  return workspace_->data();
}

StatusOr<Tensor> CudaContext::Empty(DType dtype, const Shape& shape) {
  if (!shape.IsStatic()) return InvalidArgument("cuda: cannot allocate a tensor of unknown shape " + shape.ToString());
  size_t bytes = static_cast<size_t>(shape.NumElements()) * DTypeSize(dtype);
  OAR_ASSIGN_OR_RETURN(std::shared_ptr<Buffer> buf, DeviceAllocator::Get(device_).Allocate(bytes));
  return Tensor(dtype, shape, std::move(buf));
}

Status CudaContext::Synchronize() const {
  OAR_CUDA_RETURN_IF_ERROR(cudaStreamSynchronize(stream_), "");
  const_cast<CudaContext*>(this)->retired_workspaces_.clear();
  return Status::OK();
}

Status CopyTensor(const Tensor& src, Tensor* dst, cudaStream_t stream, const std::string& what) {
  if (src.dtype() != dst->dtype() || src.numel() != dst->numel()) {
    return InvalidArgument("cuda: " + what + ": copy from " + src.Describe() + " to " + dst->Describe() +
                           " (dtype and element count must match)");
  }
  if (src.nbytes() == 0) return Status::OK();
  cudaMemcpyKind kind = cudaMemcpyDefault;  // unified addressing tells host from device pointers
  OAR_CUDA_RETURN_IF_ERROR(cudaMemcpyAsync(dst->raw_data(), src.raw_data(), src.nbytes(), kind, stream),
                           what + ": ");
  return Status::OK();
}

StatusOr<Tensor> ToDevice(const Tensor& host, CudaContext& ctx) {
  OAR_ASSIGN_OR_RETURN(Tensor d, ctx.Empty(host.dtype(), host.shape()));
  OAR_RETURN_IF_ERROR(CopyTensor(host, &d, ctx.stream(), "upload"));
  return d;
}

StatusOr<Tensor> ToHost(const Tensor& device, CudaContext& ctx) {
  Tensor h(device.dtype(), device.shape());
  OAR_RETURN_IF_ERROR(CopyTensor(device, &h, ctx.stream(), "download"));
  OAR_RETURN_IF_ERROR(ctx.Synchronize());
  return h;
}

}  // namespace oar::cuda
