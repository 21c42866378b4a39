#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(SumConverterTest, NarySumAndSingleInput) {
  testing::ProgramBuilder b;
  b.Feed("a", {2, 3}, 0);
  b.Feed("c", {2, 3}, 1);
  b.Weight("w", oar::testing::RandomTensor(Shape({2, 3}), 1));
  b.Var("y", testing::kFp32, {2, 3});
  b.Var("z", testing::kFp32, {2, 3});
  b.Op("sum").In("X", {"a", "c", "w"}).Out("Out", {"y"});
  b.Op("sum").In("X", {"y"}).Out("Out", {"z"});
  b.Fetch("z");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "sum,identity");
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kSum).inputs.size(), 3u);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor a = oar::testing::RandomTensor(Shape({2, 3}), 2);
  Tensor c = oar::testing::RandomTensor(Shape({2, 3}), 3);
  Tensor want(DType::kFloat32, Shape({2, 3}));
  for (int i = 0; i < 6; ++i) {
    want.data<float>()[i] = a.data<float>()[i] + c.data<float>()[i] + b.weights().at("w").data<float>()[i];
  }
  testing::ExpectGraphOutputs(g, {a, c}, {want}, 1e-6, 1e-6);
}

}  // namespace
}  // namespace oar::frontends::paddle
