// Helpers of the GPU test suite (oar_cuda_tests): skip without a GPU, run one op on its CUDA
// kernel from host tensors, and compare with the CPU reference kernel.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/tensor.h"
#include "cuda/cuda_device.h"
#include "ir/attrs.h"
#include "ir/op_kind.h"
#include "test_util.h"

/// Skips the test with the reason when this machine has no usable CUDA device.
#define OAR_SKIP_WITHOUT_GPU()                                                            \
  do {                                                                                    \
    if (::oar::cuda::DeviceCount() == 0) GTEST_SKIP() << ::oar::cuda::NoDeviceReason();  \
  } while (0)

namespace oar::testing {

/// Runs `kind` on its CUDA kernel (by name when given): host inputs are uploaded; with `dtype`
/// f16, f32 inputs are converted to f16 first (weights too) and f16 outputs back to f32.
/// Returns host outputs.
StatusOr<std::vector<Tensor>> RunOnCuda(ir::OpKind kind, ir::Attrs attrs, const std::vector<const Tensor*>& inputs,
                                        int num_outputs = 1, DType dtype = DType::kFloat32,
                                        const std::string& kernel_name = "");

/// The CUDA kernel against the CPU reference kernel ("ref") on the same inputs:
/// |gpu - ref| <= atol + rtol * |ref| elementwise, for every output.
::testing::AssertionResult CudaMatchesReference(ir::OpKind kind, ir::Attrs attrs,
                                                const std::vector<const Tensor*>& inputs, int num_outputs = 1,
                                                DType dtype = DType::kFloat32, double rtol = 1e-4,
                                                double atol = 1e-5);

/// f32 <-> f16 host conversions of whole tensors.
Tensor ToHalf(const Tensor& f32);
Tensor ToFloat(const Tensor& f16);

/// Random data of any dtype for byte-exact data-movement tests: f32 from RandomTensor, f16 the
/// same values rounded to half, bool 0/1, integer types uniform in [-1000, 1000] (cast to the
/// storage type, so u8 takes every byte value).
Tensor RandomTensorOf(DType dtype, const Shape& shape, uint64_t seed);

}  // namespace oar::testing
