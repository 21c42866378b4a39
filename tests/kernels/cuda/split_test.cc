// CUDA Split against the CPU reference, byte-exact: every axis with sections of different sizes
// (a -1 section and empty sections included), equal parts, more outputs than one launch takes,
// element sizes 1/2/4/8 and tensors crossing many blocks.
#include <vector>

#include "kernels/cuda/concat.h"
#include "kernels/cuda/cuda_test_util.h"

namespace oar::testing {
namespace {

ir::SplitAttrs Sections(int64_t axis, std::vector<int64_t> sections) {
  ir::SplitAttrs a;
  a.axis = axis;
  a.sections = std::move(sections);
  return a;
}

ir::SplitAttrs Equal(int64_t axis, int64_t num) {
  ir::SplitAttrs a;
  a.axis = axis;
  a.num = num;
  return a;
}

::testing::AssertionResult Matches(const ir::SplitAttrs& a, const Tensor& x, int outputs) {
  return CudaMatchesReference(ir::OpKind::kSplit, a, {&x}, outputs, DType::kFloat32, 0.0, 0.0);
}

TEST(CudaSplitTest, EveryAxisUnequalSections) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 1;
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kInt64, DType::kInt32, DType::kUInt8, DType::kBool}) {
    const Tensor x = RandomTensorOf(dt, Shape{6, 7, 9, 5}, ++seed);
    for (int64_t axis = -4; axis < 4; ++axis) {
      const int ax = static_cast<int>(axis < 0 ? axis + 4 : axis);
      const int64_t dim = x.shape()[ax];
      EXPECT_TRUE(Matches(Sections(axis, {1, dim - 3, 2}), x, 3)) << DTypeName(dt) << " axis " << axis;
      EXPECT_TRUE(Matches(Sections(axis, {2, -1, 0, 1}), x, 4)) << DTypeName(dt) << " axis " << axis;
    }
    EXPECT_TRUE(Matches(Equal(0, 3), x, 3)) << DTypeName(dt);
    EXPECT_TRUE(Matches(Equal(-2, 3), x, 3)) << DTypeName(dt);
  }
}

TEST(CudaSplitTest, MoreOutputsThanOneLaunchAndLargeTensors) {
  OAR_SKIP_WITHOUT_GPU();
  const int n = kernels::cuda::kMaxChunkPieces + 6;
  std::vector<int64_t> sections;
  int64_t total = 0;
  for (int i = 0; i < n; ++i) {
    sections.push_back(1 + i % 4);
    total += sections.back();
  }
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kUInt8}) {
    const Tensor x = RandomTensorOf(dt, Shape{3, total, 5}, 11);
    EXPECT_TRUE(Matches(Sections(1, sections), x, n)) << DTypeName(dt);
    const Tensor big = RandomTensorOf(dt, Shape{2, 72, 33, 35}, 12);
    EXPECT_TRUE(Matches(Sections(1, {40, 24, 8}), big, 3)) << DTypeName(dt);
    EXPECT_TRUE(Matches(Sections(1, {33, 36, 3}), big, 3)) << DTypeName(dt);
    EXPECT_TRUE(Matches(Equal(3, 5), big, 5)) << DTypeName(dt);
  }
  const Tensor empty = RandomTensor(Shape{0, 6}, 13);
  EXPECT_TRUE(Matches(Equal(1, 2), empty, 2));
}

}  // namespace
}  // namespace oar::testing
