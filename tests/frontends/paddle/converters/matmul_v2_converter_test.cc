#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(MatmulV2ConverterTest, BatchBroadcastWithTransposedY) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 3, 4});
  Tensor w = oar::testing::RandomTensor(Shape({6, 4}), 1);
  b.Weight("w", w);
  b.Var("y", testing::kFp32, {-1, 3, 6});
  b.Op("matmul_v2").In("X", {"x"}).In("Y", {"w"}).Out("Out", {"y"}).Bool("trans_x", false).Bool("trans_y", true);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kMatMul).attr<ir::MatMulAttrs>();
  EXPECT_FALSE(a.transpose_a);
  EXPECT_TRUE(a.transpose_b);
  EXPECT_EQ(a.alpha, 1.0f);
  ir::Graph inferred = testing::ConvertOrDie(b);
  testing::ExpectInferred(inferred, "y", DType::kFloat32, Shape({-1, 3, 6}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 4}), 2);
  Tensor want(DType::kFloat32, Shape({2, 3, 6}));
  for (int r = 0; r < 6; ++r)
    for (int j = 0; j < 6; ++j) {
      double s = 0;
      for (int q = 0; q < 4; ++q) s += x.data<float>()[r * 4 + q] * w.data<float>()[j * 4 + q];
      want.data<float>()[r * 6 + j] = static_cast<float>(s);
    }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-5);
}

TEST(MatmulV2ConverterTest, VectorDotKeepsRankZeroWhenDeclared) {
  testing::ProgramBuilder b;
  b.Feed("x", {4}, 0);
  b.Feed("z", {4}, 1);
  b.Var("y", testing::kFp32, {});
  b.Op("matmul_v2").In("X", {"x"}).In("Y", {"z"}).Out("Out", {"y"});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "matmul");
}

}  // namespace
}  // namespace oar::frontends::paddle
