// The CUDA LRN kernel against the CPU reference: odd and even window sizes, windows wider than the
// channel count, non-default alpha/beta/k, a tensor of many blocks; and the `accepts` answers.
#include "kernels/cuda/lrn.h"

#include <string>
#include <vector>

#include "math_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

TEST(CudaLrnTest, MatchesReferenceForWindowsAndParameters) {
  OAR_SKIP_WITHOUT_GPU();
  const std::vector<ir::LrnAttrs> attrs = {
      {5, 1e-4f, 0.75f, 1.0f}, {3, 0.02f, 0.5f, 2.0f}, {1, 0.5f, 0.75f, 1.0f},
      {4, 0.1f, 0.9f, 1.5f},   {11, 0.05f, 0.6f, 1.0f},
  };
  uint64_t seed = 1700;
  for (const Shape& s : {Shape{2, 7, 5, 9}, Shape{1, 3, 4, 4}, Shape{2, 16, 48, 48}, Shape{0, 4, 2, 2}}) {
    const Tensor x = RandomTensor(s, ++seed, -3.0f, 3.0f);
    for (const ir::LrnAttrs& a : attrs) {
      ExpectCudaMatchesF32AndF16(OpKind::kLrn, a, {&x}, s.ToString() + " size " + std::to_string(a.size));
    }
  }
}

TEST(CudaLrnTest, AcceptsFloatInputsOnly) {
  EXPECT_TRUE(CudaKernelTakes(OpKind::kLrn, ir::LrnAttrs{}, {DType::kFloat16}));
  EXPECT_FALSE(CudaKernelTakes(OpKind::kLrn, ir::LrnAttrs{}, {DType::kFloat64}));
  EXPECT_FALSE(CudaKernelTakes(OpKind::kLrn, ir::LrnAttrs{}, {DType::kInt32}));
}

}  // namespace
}  // namespace oar::testing
