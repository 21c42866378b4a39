// Every CUDA, cuDNN, cuBLAS(Lt) and NVRTC call is checked and turned into a Status that names
// what was being done ("cudnnConvolutionForward for op 'conv_3' (conv2d)") and the library's
// own error string.
#pragma once

#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cudnn.h>
#include <nvrtc.h>

#include <string>

#include "core/status.h"

namespace oar::cuda {

Status FromCuda(cudaError_t e, const std::string& what);
Status FromCudnn(cudnnStatus_t e, const std::string& what);
Status FromCublas(cublasStatus_t e, const std::string& what);
Status FromNvrtc(nvrtcResult e, const std::string& what);

inline Status ToStatus(cudaError_t e, const std::string& what) { return FromCuda(e, what); }
inline Status ToStatus(cudnnStatus_t e, const std::string& what) { return FromCudnn(e, what); }
inline Status ToStatus(cublasStatus_t e, const std::string& what) { return FromCublas(e, what); }
inline Status ToStatus(nvrtcResult e, const std::string& what) { return FromNvrtc(e, what); }

/// The last launch error (cudaGetLastError), as a Status naming `what`.
Status LastLaunchError(const std::string& what);

}  // namespace oar::cuda

/// OAR_CUDA_RETURN_IF_ERROR(cudaMemcpyAsync(...), where): returns a Status naming the call
/// (its text) and `where` (e.g. ctx.Where()) when the call failed.
#define OAR_CUDA_RETURN_IF_ERROR(call, where)                                                   \
  do {                                                                                          \
    auto oar_cuda_e_ = (call);                                                                  \
    ::oar::Status oar_cuda_s_ = ::oar::cuda::ToStatus(oar_cuda_e_, std::string(where) + #call); \
    if (!oar_cuda_s_.ok()) return oar_cuda_s_;                                                  \
  } while (0)
