// CUDA Concat and Stack against the CPU reference, byte-exact: every axis (negative too) with
// 3+ inputs of different extents (empty ones included), more inputs than one launch takes,
// element sizes 1/2/4/8 (f32, f16, i64, i32, u8, bool), sizes that allow 16-byte vectors and
// sizes that do not, and tensors crossing many blocks.
#include "kernels/cuda/concat.h"

#include <string>
#include <vector>

#include "kernels/cuda/cuda_test_util.h"

namespace oar::testing {
namespace {

::testing::AssertionResult Matches(ir::OpKind kind, int64_t axis, const std::vector<Tensor>& in) {
  std::vector<const Tensor*> ptrs;
  for (const Tensor& t : in) ptrs.push_back(&t);
  return CudaMatchesReference(kind, ir::AxisAttrs{axis}, ptrs, 1, DType::kFloat32, 0.0, 0.0);
}

const DType kAllSizes[] = {DType::kFloat32, DType::kFloat16, DType::kInt64, DType::kInt32, DType::kUInt8, DType::kBool};

TEST(CudaConcatTest, EveryAxisThreeInputsOfDifferentExtents) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 1;
  const std::vector<int64_t> base{2, 3, 5, 7};
  const std::vector<int64_t> extents{1, 4, 3, 2};
  for (DType dt : kAllSizes) {
    for (int64_t axis = -4; axis < 4; ++axis) {
      const int ax = static_cast<int>(axis < 0 ? axis + 4 : axis);
      std::vector<Tensor> in;
      for (int64_t e : extents) {
        std::vector<int64_t> dims = base;
        dims[static_cast<size_t>(ax)] = e;
        in.push_back(RandomTensorOf(dt, Shape(dims), ++seed));
      }
      EXPECT_TRUE(Matches(ir::OpKind::kConcat, axis, in)) << DTypeName(dt) << " axis " << axis;
    }
  }
}

TEST(CudaConcatTest, EmptyInputsAndRanks) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 100;
  for (DType dt : kAllSizes) {
    auto R = [&](const Shape& s) { return RandomTensorOf(dt, s, ++seed); };
    EXPECT_TRUE(Matches(ir::OpKind::kConcat, 1, {R({2, 3, 5}), R({2, 0, 5}), R({2, 1, 5}), R({2, 7, 5})}));
    EXPECT_TRUE(Matches(ir::OpKind::kConcat, 0, {R({6}), R({1}), R({9})}));
    EXPECT_TRUE(Matches(ir::OpKind::kConcat, 0, {R({0, 3}), R({0, 3}), R({0, 3})}));
    EXPECT_TRUE(Matches(ir::OpKind::kConcat, 4, {R({1, 2, 1, 3, 2, 2}), R({1, 2, 1, 3, 5, 2}), R({1, 2, 1, 3, 1, 2})}));
  }
}

TEST(CudaConcatTest, MoreInputsThanOneLaunch) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 200;
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kUInt8}) {
    std::vector<Tensor> in;
    for (int i = 0; i < kernels::cuda::kMaxChunkPieces + 9; ++i)
      in.push_back(RandomTensorOf(dt, Shape{3, 1 + i % 5, 7}, ++seed));
    EXPECT_TRUE(Matches(ir::OpKind::kConcat, 1, in)) << DTypeName(dt);
    EXPECT_TRUE(Matches(ir::OpKind::kConcat, -1,
                        {RandomTensorOf(dt, Shape{2, 3}, ++seed), RandomTensorOf(dt, Shape{2, 5}, ++seed),
                         RandomTensorOf(dt, Shape{2, 1}, ++seed)}));
  }
}

TEST(CudaConcatTest, LargeAcrossManyBlocks) {
  OAR_SKIP_WITHOUT_GPU();
  // Channel concat of NCHW maps (16-byte units), and one with odd byte sizes (1-byte units).
  for (DType dt : {DType::kFloat32, DType::kFloat16}) {
    EXPECT_TRUE(Matches(ir::OpKind::kConcat, 1,
                        {RandomTensorOf(dt, Shape{2, 40, 32, 36}, 1), RandomTensorOf(dt, Shape{2, 24, 32, 36}, 2),
                         RandomTensorOf(dt, Shape{2, 8, 32, 36}, 3)}));
    EXPECT_TRUE(Matches(ir::OpKind::kConcat, 1,
                        {RandomTensorOf(dt, Shape{2, 33, 33, 35}, 4), RandomTensorOf(dt, Shape{2, 17, 33, 35}, 5),
                         RandomTensorOf(dt, Shape{2, 3, 33, 35}, 6)}));
  }
  EXPECT_TRUE(Matches(ir::OpKind::kConcat, 2,
                      {RandomTensorOf(DType::kUInt8, Shape{3, 7, 3001}, 7),
                       RandomTensorOf(DType::kUInt8, Shape{3, 7, 4999}, 8),
                       RandomTensorOf(DType::kUInt8, Shape{3, 7, 17}, 9)}));
}

TEST(CudaStackTest, EveryAxis) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 300;
  for (DType dt : kAllSizes) {
    auto R = [&](const Shape& s) { return RandomTensorOf(dt, s, ++seed); };
    for (int64_t axis : {0, 1, 2, 3, -1, -2, -4}) {
      EXPECT_TRUE(Matches(ir::OpKind::kStack, axis, {R({3, 5, 7}), R({3, 5, 7}), R({3, 5, 7}), R({3, 5, 7})}))
          << DTypeName(dt) << " axis " << axis;
    }
    EXPECT_TRUE(Matches(ir::OpKind::kStack, 0, {R({}), R({}), R({})}));
    EXPECT_TRUE(Matches(ir::OpKind::kStack, 1, {R({2, 0}), R({2, 0}), R({2, 0})}));
  }
  EXPECT_TRUE(Matches(
      ir::OpKind::kStack, 1,
      {RandomTensor(Shape{64, 41, 13}, 1), RandomTensor(Shape{64, 41, 13}, 2), RandomTensor(Shape{64, 41, 13}, 3)}));
}

TEST(CudaConcatTest, ChunkCopyRejectsPiecesOutsideTheRow) {
  std::vector<kernels::cuda::ChunkPiece> pieces(2);
  pieces[0].chunk_bytes = 8;
  pieces[1].chunk_bytes = 8;
  pieces[1].offset_bytes = 8;  // runs past a 12-byte row
  Status s = kernels::cuda::LaunchChunkCopy(nullptr, nullptr, 3, 12, pieces, true, "op 'c' (concat): ");
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_NE(s.message().find("op 'c' (concat)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("row of 12 bytes"), std::string::npos) << s.message();
  // Nothing to copy: no launch, no device needed.
  OAR_EXPECT_OK(kernels::cuda::LaunchChunkCopy(nullptr, nullptr, 0, 12, pieces, true, ""));
}

}  // namespace
}  // namespace oar::testing
