// The CUDA LayerNorm kernel against the CPU reference: begin_norm_axis variants, with and without
// scale/bias, short rows (warp per row) and long rows (block per row), inputs with a large mean
// (where a one-pass variance would cancel), many rows; and the `accepts` answers (no GPU needed).
#include "kernels/cuda/layer_norm.h"

#include <string>
#include <vector>

#include "math_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

struct LnCase {
  Shape shape;
  int64_t axis;
};

int64_t NormSize(const Shape& s, int64_t axis) {
  const int a = static_cast<int>(axis < 0 ? axis + s.rank() : axis);
  int64_t n = 1;
  for (int d = a; d < s.rank(); ++d) n *= s[d];
  return n;
}

TEST(CudaLayerNormTest, MatchesReferenceWithAndWithoutAffine) {
  OAR_SKIP_WITHOUT_GPU();
  const std::vector<LnCase> cases = {
      {{2, 17, 5, 3}, -1}, {{2, 17, 5, 3}, 1},  {{2, 17, 5, 3}, 2}, {{300, 129}, 1},
      {{3, 1000}, 1},      {{4, 3, 1001}, 1},   {{2, 7, 768}, -1},  {{70001}, 0},
      {{5, 1}, 1},         {{0, 6}, 1},
  };
  uint64_t seed = 1600;
  for (const LnCase& c : cases) {
    const int64_t n = NormSize(c.shape, c.axis);
    const Tensor x = RandomTensor(c.shape, ++seed, -2.0f, 2.0f);
    const Tensor scale = RandomTensor(Shape{n}, ++seed, 0.5f, 1.5f);
    const Tensor bias = RandomTensor(Shape{n}, ++seed, -0.5f, 0.5f);
    const std::string what = c.shape.ToString() + " axis " + std::to_string(c.axis);
    const ir::LayerNormAttrs attrs{c.axis, 1e-5f};
    ExpectCudaMatchesF32AndF16(OpKind::kLayerNorm, attrs, {&x, &scale, &bias}, what + " scale+bias");
    ExpectCudaMatchesF32AndF16(OpKind::kLayerNorm, attrs, {&x}, what + " plain");
    ExpectCudaMatchesF32AndF16(OpKind::kLayerNorm, attrs, {&x, &scale, nullptr}, what + " scale only");
    ExpectCudaMatchesF32AndF16(OpKind::kLayerNorm, attrs, {&x, nullptr, &bias}, what + " bias only");
  }
}

TEST(CudaLayerNormTest, LargeMeanSmallSpreadIsNormalisedAccurately) {
  OAR_SKIP_WITHOUT_GPU();
  const Tensor x = RandomTensor(Shape{8, 2048}, 1650, 100.0f, 101.0f);
  EXPECT_TRUE(CudaMatchesReference(OpKind::kLayerNorm, ir::LayerNormAttrs{1, 1e-5f}, {&x}, 1, DType::kFloat32, 1e-3,
                                   1e-3));
  const Tensor y = RandomTensor(Shape{64, 300}, 1651, 50.0f, 52.0f);
  EXPECT_TRUE(CudaMatchesReference(OpKind::kLayerNorm, ir::LayerNormAttrs{-1, 1e-3f}, {&y}, 1, DType::kFloat32, 1e-3,
                                   1e-3));
}

TEST(CudaLayerNormTest, AcceptsOneFloatDtypeForPresentInputs) {
  EXPECT_TRUE(CudaKernelTakes(OpKind::kLayerNorm, ir::LayerNormAttrs{}, {DType::kFloat16}));
  EXPECT_TRUE(CudaKernelTakes(OpKind::kLayerNorm, ir::LayerNormAttrs{},
                              {DType::kFloat32, DType::kUndefined, DType::kFloat32}));
  EXPECT_FALSE(CudaKernelTakes(OpKind::kLayerNorm, ir::LayerNormAttrs{},
                               {DType::kFloat16, DType::kFloat32, DType::kFloat32}));
  EXPECT_FALSE(CudaKernelTakes(OpKind::kLayerNorm, ir::LayerNormAttrs{}, {DType::kFloat64}));
}

}  // namespace
}  // namespace oar::testing
