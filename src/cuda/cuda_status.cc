#include "cuda/cuda_status.h"

namespace oar::cuda {

namespace {
std::string Clip(const std::string& what) {
  // Keep the call text short enough to read: the argument list is cut at 120 characters.
  return what.size() > 160 ? what.substr(0, 157) + "..." : what;
}
}  // namespace

Status FromCuda(cudaError_t e, const std::string& what) {
  if (e == cudaSuccess) return Status::OK();
  ErrorCode code = e == cudaErrorMemoryAllocation ? ErrorCode::kOutOfMemory : ErrorCode::kDeviceError;
  return Status(code, "cuda: " + Clip(what) + " failed: " + cudaGetErrorName(e) + " (" + cudaGetErrorString(e) + ")");
}

Status FromCudnn(cudnnStatus_t e, const std::string& what) {
  if (e == CUDNN_STATUS_SUCCESS) return Status::OK();
  ErrorCode code = ErrorCode::kDeviceError;
  if (e == CUDNN_STATUS_NOT_SUPPORTED || e == CUDNN_STATUS_NOT_SUPPORTED_ARCH_MISMATCH) code = ErrorCode::kUnsupported;
  if (e == CUDNN_STATUS_BAD_PARAM) code = ErrorCode::kInvalidArgument;
  if (e == CUDNN_STATUS_ALLOC_FAILED) code = ErrorCode::kOutOfMemory;
  return Status(code, "cudnn: " + Clip(what) + " failed: " + cudnnGetErrorString(e));
}

Status FromCublas(cublasStatus_t e, const std::string& what) {
  if (e == CUBLAS_STATUS_SUCCESS) return Status::OK();
  ErrorCode code = ErrorCode::kDeviceError;
  if (e == CUBLAS_STATUS_NOT_SUPPORTED) code = ErrorCode::kUnsupported;
  if (e == CUBLAS_STATUS_INVALID_VALUE) code = ErrorCode::kInvalidArgument;
  if (e == CUBLAS_STATUS_ALLOC_FAILED) code = ErrorCode::kOutOfMemory;
  return Status(code, "cublas: " + Clip(what) + " failed: " + cublasGetStatusName(e) + " (" +
                          cublasGetStatusString(e) + ")");
}

Status FromNvrtc(nvrtcResult e, const std::string& what) {
  if (e == NVRTC_SUCCESS) return Status::OK();
  return Internal("nvrtc: " + Clip(what) + " failed: " + nvrtcGetErrorString(e));
}

Status LastLaunchError(const std::string& what) { return FromCuda(cudaGetLastError(), "kernel launch of " + what); }

}  // namespace oar::cuda
