// CUDA Pad against the CPU reference: constant (zero and non-zero value), reflect and edge modes,
// ranks 0..5, asymmetric and negative (cropping) pads, f32 (exact: values are only moved) and
// f16, tensors crossing many blocks; LaunchPad argument errors (these run without a GPU).
#include "kernels/cuda/pad.h"

#include <string>
#include <vector>

#include "kernels/cuda/cuda_test_util.h"

namespace oar::testing {
namespace {

ir::PadAttrs PadOf(std::vector<int64_t> pads, ir::PadType type, float value = 0.0f) {
  ir::PadAttrs a;
  a.pads = std::move(pads);
  a.type = type;
  a.value = value;
  return a;
}

struct Case {
  std::string name;
  Shape x;
  ir::PadAttrs attrs;
};

std::vector<Case> Cases() {
  using ir::PadType;
  return {
      {"constant 4-D spatial", Shape{2, 3, 7, 9}, PadOf({0, 0, 1, 2, 0, 0, 3, 1}, PadType::kConstant, 0.75f)},
      {"constant zero every dim", Shape{3, 5, 4}, PadOf({1, 2, 0, 2, 1, 3}, PadType::kConstant)},
      {"constant with crop", Shape{2, 6, 7, 5}, PadOf({0, -1, 2, -2, 0, 2, -3, 1}, PadType::kConstant, -1.5f)},
      {"reflect 4-D", Shape{2, 3, 7, 9}, PadOf({0, 0, 3, 1, 0, 0, 2, 8}, PadType::kReflect)},
      {"reflect rank 1", Shape{6}, PadOf({5, 4}, PadType::kReflect)},
      {"reflect size-1 dim untouched", Shape{3, 1, 5}, PadOf({1, 0, 4, 2, 0, 1}, PadType::kReflect)},
      {"edge 4-D", Shape{2, 3, 7, 9}, PadOf({1, 0, 3, 5, 0, 2, 4, 1}, PadType::kEdge)},
      {"edge with crop", Shape{4, 5, 6}, PadOf({-1, 2, 3, 1, -2, -3}, PadType::kEdge)},
      {"rank 5 mixed", Shape{2, 3, 2, 4, 5}, PadOf({0, 1, 0, 2, 1, 1, 0, 1, 3, 2}, PadType::kEdge)},
      {"rank 0", Shape{}, PadOf({}, PadType::kConstant, 2.0f)},
      {"empty input padded", Shape{2, 0, 3}, PadOf({0, 1, 0, 0, 2, 1}, PadType::kConstant, 0.25f)},
      {"large reflect", Shape{2, 32, 41, 39}, PadOf({0, 0, 3, 2, 0, 0, 1, 4}, PadType::kReflect)},
      {"large constant", Shape{2, 32, 41, 39}, PadOf({0, 1, 2, 2, 0, 1, 2, 2}, PadType::kConstant, 0.5f)},
  };
}

TEST(CudaPadTest, MatchesReferenceF32) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 1;
  for (const Case& c : Cases()) {
    const Tensor x = RandomTensor(c.x, ++seed);
    EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kPad, c.attrs, {&x}, 1, DType::kFloat32, 0.0, 0.0)) << c.name;
  }
}

TEST(CudaPadTest, MatchesReferenceF16) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 50;
  for (const Case& c : Cases()) {
    const Tensor x = RandomTensor(c.x, ++seed);
    // The pad values above are exact in f16, so moved and padded values both match exactly.
    EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kPad, c.attrs, {&x}, 1, DType::kFloat16, 0.0, 0.0)) << c.name;
  }
  // A pad value that f16 rounds.
  const Tensor x = RandomTensor(Shape{2, 3, 5, 4}, 99);
  EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kPad, PadOf({0, 0, 1, 1, 0, 0, 1, 1}, ir::PadType::kConstant, 0.3f),
                                   {&x}, 1, DType::kFloat16, 1e-2, 1e-2));
}

TEST(CudaPadTest, LaunchRejectsBadArguments) {
  kernels::cuda::PadGeometry g;
  g.rank = 1;
  g.in_dims[0] = 3;
  g.out_dims[0] = 5;
  g.begin[0] = 1;
  Status s = kernels::cuda::LaunchPad(nullptr, DType::kInt64, nullptr, nullptr, g, "op 'p' (pad): ");
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("op 'p' (pad)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("dtype i64"), std::string::npos) << s.message();
  g.rank = kernels::cuda::kMaxPadRank + 1;
  s = kernels::cuda::LaunchPad(nullptr, DType::kFloat32, nullptr, nullptr, g, "");
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("rank 17"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace oar::testing
