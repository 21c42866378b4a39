// The CUDA BatchNorm kernel against the CPU reference: ranks 2..5, inner extents that do and do not
// allow packs, a tensor of many blocks, an empty batch, and the `accepts` answers (no GPU needed).
#include "kernels/cuda/batch_norm.h"

#include <string>

#include "math_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

TEST(CudaBatchNormTest, MatchesReferenceOnAwkwardShapes) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 1400;
  for (const Shape& s : {Shape{2, 3, 7, 9}, Shape{2, 16, 8, 8}, Shape{5, 7}, Shape{1, 4, 3, 2, 5}, Shape{3, 32, 30, 30},
                         Shape{0, 3, 4, 4}, Shape{2, 9, 1, 1}}) {
    const int64_t c = s[1];
    const Tensor x = RandomTensor(s, ++seed, -3.0f, 3.0f);
    const Tensor scale = RandomTensor(Shape{c}, ++seed, -2.0f, 2.0f);
    const Tensor bias = RandomTensor(Shape{c}, ++seed, -1.0f, 1.0f);
    const Tensor mean = RandomTensor(Shape{c}, ++seed, -0.5f, 0.5f);
    const Tensor var = RandomTensor(Shape{c}, ++seed, 0.1f, 2.0f);
    for (float eps : {1e-5f, 1e-3f}) {
      ExpectCudaMatchesF32AndF16(OpKind::kBatchNorm, ir::BatchNormAttrs{eps}, {&x, &scale, &bias, &mean, &var},
                                 s.ToString() + " eps " + std::to_string(eps));
    }
  }
}

TEST(CudaBatchNormTest, AcceptsOneFloatDtypeForAllInputs) {
  const std::vector<DType> f16(5, DType::kFloat16);
  EXPECT_TRUE(CudaKernelTakes(OpKind::kBatchNorm, ir::BatchNormAttrs{}, f16));
  EXPECT_TRUE(CudaKernelTakes(OpKind::kBatchNorm, ir::BatchNormAttrs{}, std::vector<DType>(5, DType::kFloat32)));
  EXPECT_FALSE(CudaKernelTakes(OpKind::kBatchNorm, ir::BatchNormAttrs{}, std::vector<DType>(5, DType::kFloat64)));
  const ir::Node node = MathNode(OpKind::kBatchNorm, ir::BatchNormAttrs{}, 5);
  for (const runtime::KernelDef* d : CudaMathDefs(OpKind::kBatchNorm)) {
    ASSERT_NE(d->accepts, nullptr);
    EXPECT_FALSE(d->accepts(node, {DType::kFloat16, DType::kFloat32, DType::kFloat32, DType::kFloat32,
                                   DType::kFloat32}));
  }
}

}  // namespace
}  // namespace oar::testing
