// Convolution weights in the layout a channels-last (NHWC) convolution reads: [K, C, R, S] stored
// K-R-S-C. Shared by the cuDNN legacy-API and graph-API convolution kernels.
#pragma once

#include <string>

#include "core/status.h"
#include "core/tensor.h"
#include "cuda/cuda_context.h"

namespace oar::kernels::cuda {

/// Host tensor [K,C,R,S] (any element size) -> the same logical tensor stored K-R-S-C.
Tensor ReorderKcrsToKrsc(const Tensor& host);

/// `w` (host or device, [K,C,R,S]) as the convolution reads it: itself for NCHW, a device copy
/// reordered K-R-S-C for channels-last (done once, in Prepare: it synchronises the stream).
StatusOr<Tensor> ConvWeightsFor(const Tensor& w, bool channels_last, oar::cuda::CudaContext& cctx,
                                const std::string& where);

}  // namespace oar::kernels::cuda
