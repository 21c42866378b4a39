// The CUDA Softmax kernel against the CPU reference on every kernel shape: short rows (warp per
// row), long rows (block per row), inner axes (column kernel), rank 1..6, negative axes, many rows,
// an empty tensor; and the `accepts` answers (no GPU needed).
#include "kernels/cuda/softmax.h"

#include <string>
#include <utility>
#include <vector>

#include "math_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

TEST(CudaSoftmaxTest, MatchesReferenceForEveryAxisKind) {
  OAR_SKIP_WITHOUT_GPU();
  const std::vector<std::pair<Shape, int64_t>> cases = {
      {{2, 17, 5, 3}, -1},     // short rows, 170 of them
      {{2, 17, 5, 3}, 1},      // inner axis (columns)
      {{2, 17, 5, 3}, 0},      // outermost axis
      {{800, 97}, 1},          // many short rows
      {{3, 1000}, -1},         // warp rows at the warp limit
      {{5, 3001}, 1},          // block rows
      {{70001}, 0},            // one long row, rank 1
      {{2, 3, 1, 4, 5, 3}, 3}, // rank 6 inner axis
      {{4, 1}, 1},             // rows of one element
      {{0, 5}, 1},             // empty
  };
  uint64_t seed = 1500;
  for (const auto& [shape, axis] : cases) {
    // f16 inputs stay in [-4, 4]: exp(x - max) cannot overflow either way.
    const Tensor x = RandomTensor(shape, ++seed, -4.0f, 4.0f);
    ExpectCudaMatchesF32AndF16(OpKind::kSoftmax, ir::SoftmaxAttrs{axis}, {&x},
                               shape.ToString() + " axis " + std::to_string(axis));
  }
}

TEST(CudaSoftmaxTest, LargeLogitsAreStabilisedByTheMaximum) {
  OAR_SKIP_WITHOUT_GPU();
  // exp(80) overflows f32 without the max subtraction.
  const Tensor x = RandomTensor(Shape{6, 333}, 1551, 80.0f, 90.0f);
  EXPECT_TRUE(CudaMatchesReference(OpKind::kSoftmax, ir::SoftmaxAttrs{-1}, {&x}, 1, DType::kFloat32, 1e-4, 1e-5));
  const Tensor cols = RandomTensor(Shape{3, 50, 7}, 1552, -90.0f, -80.0f);
  EXPECT_TRUE(CudaMatchesReference(OpKind::kSoftmax, ir::SoftmaxAttrs{1}, {&cols}, 1, DType::kFloat32, 1e-4, 1e-5));
}

TEST(CudaSoftmaxTest, AcceptsFloatInputsOnly) {
  EXPECT_TRUE(CudaKernelTakes(OpKind::kSoftmax, ir::SoftmaxAttrs{}, {DType::kFloat16}));
  EXPECT_TRUE(CudaKernelTakes(OpKind::kSoftmax, ir::SoftmaxAttrs{}, {DType::kFloat32}));
  EXPECT_FALSE(CudaKernelTakes(OpKind::kSoftmax, ir::SoftmaxAttrs{}, {DType::kFloat64}));
  const ir::Node node = MathNode(OpKind::kSoftmax, ir::SoftmaxAttrs{}, 1);
  for (const runtime::KernelDef* d : CudaMathDefs(OpKind::kSoftmax)) {
    ASSERT_NE(d->accepts, nullptr);
    EXPECT_FALSE(d->accepts(node, {DType::kBFloat16}));
  }
}

}  // namespace
}  // namespace oar::testing
