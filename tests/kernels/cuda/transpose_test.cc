// CUDA Transpose against the CPU reference, byte-exact: every permutation of ranks 2..4, random
// permutations of ranks 5 and 6, rank 8, the tiled path (NCHW <-> NHWC, last-two-dims swaps, big
// tensors), the gather path (thin tiles, innermost dim kept, vectorised or not), size-1 and
// empty dims, the empty perm (reverse), every element size; and PlanStridedCopy's choices.
#include "kernels/cuda/transpose.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "kernels/cuda/cuda_test_util.h"

namespace oar::testing {
namespace {

using kernels::cuda::StridedCopyPlan;

std::string PermString(const std::vector<int64_t>& perm) {
  std::string s;
  for (int64_t p : perm) s += std::to_string(p) + " ";
  return s;
}

::testing::AssertionResult Matches(const Tensor& x, const std::vector<int64_t>& perm) {
  return CudaMatchesReference(ir::OpKind::kTranspose, ir::TransposeAttrs{perm}, {&x}, 1, DType::kFloat32, 0.0, 0.0);
}

TEST(CudaTransposeTest, AllPermutationsOfRanks2To4) {
  OAR_SKIP_WITHOUT_GPU();
  const std::vector<Shape> shapes = {Shape{37, 45}, Shape{5, 19, 23}, Shape{3, 17, 5, 21}, Shape{2, 33, 18, 20}};
  uint64_t seed = 1;
  for (DType dt : {DType::kFloat32, DType::kFloat16}) {
    for (const Shape& s : shapes) {
      const Tensor x = RandomTensorOf(dt, s, ++seed);
      std::vector<int64_t> perm(static_cast<size_t>(s.rank()));
      std::iota(perm.begin(), perm.end(), 0);
      do {
        EXPECT_TRUE(Matches(x, perm)) << DTypeName(dt) << " " << s.ToString() << " perm " << PermString(perm);
      } while (std::next_permutation(perm.begin(), perm.end()));
    }
  }
}

TEST(CudaTransposeTest, RandomPermutationsOfRanks5And6) {
  OAR_SKIP_WITHOUT_GPU();
  std::mt19937 rng(7);
  uint64_t seed = 100;
  const std::vector<Shape> shapes = {Shape{3, 4, 5, 6, 7}, Shape{2, 17, 1, 19, 3}, Shape{2, 3, 4, 5, 3, 7},
                                     Shape{3, 1, 5, 2, 17, 18}};
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kInt64, DType::kUInt8}) {
    for (const Shape& s : shapes) {
      const Tensor x = RandomTensorOf(dt, s, ++seed);
      std::vector<int64_t> perm(static_cast<size_t>(s.rank()));
      std::iota(perm.begin(), perm.end(), 0);
      for (int k = 0; k < 8; ++k) {
        std::shuffle(perm.begin(), perm.end(), rng);
        EXPECT_TRUE(Matches(x, perm)) << DTypeName(dt) << " " << s.ToString() << " perm " << PermString(perm);
      }
    }
  }
}

TEST(CudaTransposeTest, LayoutSwapsAndLargeTensors) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 200;
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kInt64, DType::kInt32, DType::kUInt8, DType::kBool}) {
    const Tensor nchw = RandomTensorOf(dt, Shape{2, 37, 31, 33}, ++seed);
    EXPECT_TRUE(Matches(nchw, {0, 2, 3, 1})) << DTypeName(dt) << " NCHW -> NHWC";
    const Tensor nhwc = RandomTensorOf(dt, Shape{2, 31, 33, 37}, ++seed);
    EXPECT_TRUE(Matches(nhwc, {0, 3, 1, 2})) << DTypeName(dt) << " NHWC -> NCHW";
    const Tensor thin = RandomTensorOf(dt, Shape{3, 3, 111, 97}, ++seed);  // C = 3: gather path
    EXPECT_TRUE(Matches(thin, {0, 2, 3, 1})) << DTypeName(dt) << " thin NCHW -> NHWC";
    const Tensor m = RandomTensorOf(dt, Shape{3, 257, 129}, ++seed);
    EXPECT_TRUE(Matches(m, {0, 2, 1})) << DTypeName(dt) << " last two dims";
    EXPECT_TRUE(Matches(m, {1, 0, 2})) << DTypeName(dt) << " innermost kept";
    const Tensor wide = RandomTensorOf(dt, Shape{70001, 2}, ++seed);
    EXPECT_TRUE(Matches(wide, {1, 0})) << DTypeName(dt) << " 70001x2";
  }
}

TEST(CudaTransposeTest, EdgeShapes) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 300;
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kInt64, DType::kUInt8}) {
    EXPECT_TRUE(Matches(RandomTensorOf(dt, Shape{4, 5, 6}, ++seed), {})) << "empty perm reverses";
    EXPECT_TRUE(Matches(RandomTensorOf(dt, Shape{4, 5, 6}, ++seed), {0, 1, 2})) << "identity";
    EXPECT_TRUE(Matches(RandomTensorOf(dt, Shape{1, 5, 1, 6}, ++seed), {2, 3, 0, 1})) << "size-1 dims";
    EXPECT_TRUE(Matches(RandomTensorOf(dt, Shape{1, 1, 1}, ++seed), {2, 0, 1})) << "one element";
    EXPECT_TRUE(Matches(RandomTensorOf(dt, Shape{3, 0, 5}, ++seed), {2, 0, 1})) << "empty";
    EXPECT_TRUE(Matches(RandomTensorOf(dt, Shape{9}, ++seed), {0})) << "rank 1";
    EXPECT_TRUE(Matches(RandomTensorOf(dt, Shape{2, 3, 2, 3, 2, 3, 2, 3}, ++seed), {7, 5, 3, 1, 0, 2, 4, 6}))
        << "rank 8";
    EXPECT_TRUE(Matches(RandomTensorOf(dt, Shape{2, 3, 4, 5}, ++seed), {-1, 0, -3, 2})) << "negative perm entries";
  }
}

TEST(CudaTransposeTest, PlanMergesDimsAndPicksPaths) {
  // NCHW -> NHWC of [2,32,16,32]: dims [N, HW, C] with source strides [16384, 1, 512]: tiled.
  auto plan = kernels::cuda::PlanStridedCopy(4, {2, 16, 32, 32}, {16384, 32, 1, 512}, 0, "");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->path, StridedCopyPlan::Path::kTiled);
  ASSERT_EQ(plan->rank, 3);
  EXPECT_EQ(plan->dims[1], 512);
  EXPECT_EQ(plan->strides[1], 1);
  EXPECT_EQ(plan->tile_dim, 1);
  // Thin channel dim: gather.
  plan = kernels::cuda::PlanStridedCopy(4, {2, 16, 32, 3}, {1536, 32, 1, 512}, 0, "");
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->path, StridedCopyPlan::Path::kGather);
  // Identity (size-1 dims dropped, everything merged): one memcpy.
  plan = kernels::cuda::PlanStridedCopy(2, {1, 4, 1, 6}, {24, 6, 6, 1}, 0, "");
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->path, StridedCopyPlan::Path::kContiguous);
  EXPECT_EQ(plan->total, 24);
  // Innermost dim kept: gather with the merged inner run.
  plan = kernels::cuda::PlanStridedCopy(4, {5, 3, 7}, {7, 35, 1}, 0, "");
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->path, StridedCopyPlan::Path::kGather);
  EXPECT_EQ(plan->rank, 3);
  // Empty.
  plan = kernels::cuda::PlanStridedCopy(8, {5, 0, 7}, {7, 35, 1}, 0, "");
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->path, StridedCopyPlan::Path::kEmpty);
  // More than kMaxCopyRank dims that cannot merge.
  std::vector<int64_t> dims(kernels::cuda::kMaxCopyRank + 1, 2), strides(dims.size());
  for (size_t i = 0; i < dims.size(); ++i) strides[i] = int64_t{1} << i;  // reversed: no merging
  plan = kernels::cuda::PlanStridedCopy(4, dims, strides, 0, "op 't' (transpose): ");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), ErrorCode::kUnsupported);
  EXPECT_NE(plan.status().message().find("op 't' (transpose)"), std::string::npos);
  EXPECT_NE(plan.status().message().find("17 dims"), std::string::npos) << plan.status().message();
}

}  // namespace
}  // namespace oar::testing
