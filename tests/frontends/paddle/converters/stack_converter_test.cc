#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(StackConverterTest, NegativeAxisCountsInTheOutputRank) {
  testing::ProgramBuilder b;
  b.Feed("a", {2, 3}, 0);
  b.Feed("c", {2, 3}, 1);
  b.Var("y", testing::kFp32, {2, 3, 2});
  b.Op("stack").In("X", {"a", "c"}).Out("Y", {"y"}).Int("axis", -1);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kStack).attr<ir::AxisAttrs>().axis, 2);
  EXPECT_EQ(g.value(g.outputs()[0]).name, "y");
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor a = oar::testing::RandomTensor(Shape({2, 3}), 1);
  Tensor c = oar::testing::RandomTensor(Shape({2, 3}), 2);
  Tensor want(DType::kFloat32, Shape({2, 3, 2}));
  for (int i = 0; i < 6; ++i) {
    want.data<float>()[i * 2] = a.data<float>()[i];
    want.data<float>()[i * 2 + 1] = c.data<float>()[i];
  }
  testing::ExpectGraphOutputs(g, {a, c}, {want});
}

}  // namespace
}  // namespace oar::frontends::paddle
