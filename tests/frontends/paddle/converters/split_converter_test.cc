#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(SplitConverterTest, SectionsWithRestAndOneNodeManyOutputs) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 7});
  for (const char* n : {"p0", "p1", "p2"}) b.Var(n, testing::kFp32, {2, -1});
  b.Op("split")
      .In("X", {"x"})
      .Out("Out", {"p0", "p1", "p2"})
      .Ints("sections", {2, -1, 1})
      .Int("axis", -1)
      .Int("num", 0);
  b.Fetch("p0", 0);
  b.Fetch("p1", 1);
  b.Fetch("p2", 2);
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kSplit);
  const auto& a = n.attr<ir::SplitAttrs>();
  EXPECT_EQ(a.axis, 1);
  EXPECT_EQ(a.sections, (std::vector<int64_t>{2, -1, 1}));
  EXPECT_EQ(a.num, 0);
  ASSERT_EQ(n.outputs.size(), 3u);
  EXPECT_EQ(n.outputs, g.outputs());
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 7}), 1);
  std::vector<Tensor> want = {Tensor(DType::kFloat32, Shape({2, 2})), Tensor(DType::kFloat32, Shape({2, 4})),
                              Tensor(DType::kFloat32, Shape({2, 1}))};
  for (int r = 0; r < 2; ++r) {
    for (int j = 0; j < 7; ++j) {
      float v = x.data<float>()[r * 7 + j];
      if (j < 2) {
        want[0].data<float>()[r * 2 + j] = v;
      } else if (j < 6) {
        want[1].data<float>()[r * 4 + j - 2] = v;
      } else {
        want[2].data<float>()[r] = v;
      }
    }
  }
  testing::ExpectGraphOutputs(g, {x}, want);
}

TEST(SplitConverterTest, NumMustMatchOutputs) {
  testing::ProgramBuilder b;
  b.Feed("x", {6, 2});
  b.Var("p0", testing::kFp32, {3, 2});
  b.Var("p1", testing::kFp32, {3, 2});
  b.Op("split").In("X", {"x"}).Out("Out", {"p0", "p1"}).Int("num", 2).Int("axis", 0);
  b.Fetch("p1");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kSplit).attr<ir::SplitAttrs>().num, 2);

  testing::ProgramBuilder bad;
  bad.Feed("x", {6, 2});
  bad.Var("p0", testing::kFp32, {3, 2});
  bad.Op("split").In("X", {"x"}).Out("Out", {"p0"}).Int("num", 3);
  bad.Fetch("p0");
  testing::ExpectConvertError(bad, ErrorCode::kInvalidGraph, {"'num' = 3 does not match the 1 output variables"});
}

}  // namespace
}  // namespace oar::frontends::paddle
