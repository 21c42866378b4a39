#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(ConcatConverterTest, NegativeAxisIsNormalised) {
  testing::ProgramBuilder b;
  b.Feed("a", {2, 3}, 0);
  b.Feed("c", {2, 1}, 1);
  b.Weight("w", oar::testing::RandomTensor(Shape({2, 2}), 1));
  b.Var("y", testing::kFp32, {2, 6});
  b.Op("concat").In("X", {"a", "c", "w"}).In("AxisTensor", {}).Out("Out", {"y"}).Int("axis", -1);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kConcat);
  EXPECT_EQ(n.attr<ir::AxisAttrs>().axis, 1);
  ASSERT_EQ(n.inputs.size(), 3u);
  EXPECT_EQ(g.value(n.inputs[2]).name, "w");
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor a = oar::testing::RandomTensor(Shape({2, 3}), 2);
  Tensor c = oar::testing::RandomTensor(Shape({2, 1}), 3);
  const Tensor& w = b.weights().at("w");
  Tensor want(DType::kFloat32, Shape({2, 6}));
  for (int r = 0; r < 2; ++r) {
    for (int j = 0; j < 3; ++j) want.data<float>()[r * 6 + j] = a.data<float>()[r * 3 + j];
    want.data<float>()[r * 6 + 3] = c.data<float>()[r];
    for (int j = 0; j < 2; ++j) want.data<float>()[r * 6 + 4 + j] = w.data<float>()[r * 2 + j];
  }
  testing::ExpectGraphOutputs(g, {a, c}, {want});
}

TEST(ConcatConverterTest, AxisTensorMustBeConstant) {
  testing::ProgramBuilder b;
  b.Feed("a", {2, 3}, 0);
  b.Weight("ax", testing::Make<int32_t>(Shape({1}), {0}));
  b.Var("y", testing::kFp32, {4, 3});
  b.Op("concat").In("X", {"a", "a"}).In("AxisTensor", {"ax"}).Out("Out", {"y"}).Int("axis", 1);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kConcat).attr<ir::AxisAttrs>().axis, 0);

  testing::ProgramBuilder r;
  r.Feed("a", {2, 3}, 0);
  r.Feed("ax", {1}, 1, testing::kInt32);
  r.Var("y", testing::kFp32, {4, 3});
  r.Op("concat").In("X", {"a", "a"}).In("AxisTensor", {"ax"}).Out("Out", {"y"});
  r.Fetch("y");
  testing::ExpectConvertError(r, ErrorCode::kUnsupported, {"'concat'", "input 'AxisTensor' must be a constant"});
}

}  // namespace
}  // namespace oar::frontends::paddle
