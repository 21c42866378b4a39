#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(Transpose2ConverterTest, PermutationAndValues) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 3, 4});
  b.Var("y", testing::kFp32, {4, 2, 3});
  b.Op("transpose2").In("X", {"x"}).Out("Out", {"y"}).Ints("axis", {2, 0, -2});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kTranspose).attr<ir::TransposeAttrs>().perm,
            (std::vector<int64_t>{2, 0, 1}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 4}), 1);
  Tensor want(DType::kFloat32, Shape({4, 2, 3}));
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) want.data<float>()[(k * 2 + i) * 3 + j] = x.data<float>()[(i * 3 + j) * 4 + k];
  testing::ExpectGraphOutputs(g, {x}, {want});
}

TEST(Transpose2ConverterTest, BadPermutations) {
  for (const std::vector<int32_t>& perm : {std::vector<int32_t>{0, 0, 1}, std::vector<int32_t>{0, 1}}) {
    testing::ProgramBuilder b;
    b.Feed("x", {2, 3, 4});
    b.Var("y", testing::kFp32, {2, 3, 4});
    b.Op("transpose").In("X", {"x"}).Out("Out", {"y"}).Ints("axis", perm);
    b.Fetch("y");
    testing::ExpectConvertError(b, ErrorCode::kInvalidGraph, {"'transpose'", "attribute 'axis'"});
  }
}

}  // namespace
}  // namespace oar::frontends::paddle
