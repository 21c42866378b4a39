#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(FillConstantConverterTest, StaticShapeBecomesAConstant) {
  testing::ProgramBuilder b;
  b.Var("c", testing::kInt32, {2, 3});
  b.Op("fill_constant")
      .Out("Out", {"c"})
      .Longs("shape", {2, 3})
      .Int("dtype", 2)
      .Float("value", 120.0f)
      .String("str_value", "120");
  b.Fetch("c");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(g.num_nodes(), 0);
  const ir::Value& c = g.value(g.outputs()[0]);
  EXPECT_EQ(c.name, "c");
  ASSERT_TRUE(c.is_constant());
  EXPECT_TRUE(
      oar::testing::TensorsNear(*c.constant, testing::Make<int32_t>(Shape({2, 3}), {120, 120, 120, 120, 120, 120})));
}

TEST(FillConstantConverterTest, StrValueKeepsLargeIntegersExact) {
  testing::ProgramBuilder b;
  b.Var("c", testing::kInt64, {1});
  b.Op("fill_constant")
      .Out("Out", {"c"})
      .Ints("shape", {1})
      .Int("dtype", 3)
      .Float("value", 0.0f)
      .String("str_value", "9007199254740993");
  b.Fetch("c");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(g.value(g.outputs()[0]).constant->data<int64_t>()[0], 9007199254740993LL);

  testing::ProgramBuilder f;
  f.Var("c", testing::kFp32, {});
  f.Op("fill_constant").Out("Out", {"c"}).Float("value", 0.0f).String("str_value", "-inf");
  f.Fetch("c");
  ir::Graph h = testing::ConvertOrDie(f);
  const Tensor& t = *h.value(h.outputs()[0]).constant;
  EXPECT_EQ(t.shape().rank(), 0);
  EXPECT_TRUE(std::isinf(t.data<float>()[0]) && t.data<float>()[0] < 0);

  testing::ProgramBuilder bad;
  bad.Var("c", testing::kFp32, {1});
  bad.Op("fill_constant").Out("Out", {"c"}).Ints("shape", {1}).String("str_value", "abc");
  bad.Fetch("c");
  testing::ExpectConvertError(bad, ErrorCode::kInvalidGraph, {"'str_value' = \"abc\" is not a number"});
}

TEST(FillConstantConverterTest, ShapeTensorListGivesAFillNode) {
  testing::ProgramBuilder b;
  b.Feed("n", {1}, 0, testing::kInt32);
  b.Weight("k", testing::Make<int32_t>(Shape({1}), {3}));
  b.Var("c", testing::kFp32, {-1, 3});
  b.Op("fill_constant")
      .In("ShapeTensorList", {"n", "k"})
      .Out("Out", {"c"})
      .Longs("shape", {-1, 3})
      .Int("dtype", 5)
      .Float("value", 1.5f);
  b.Fetch("c");
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& fill = testing::OnlyNode(g, ir::OpKind::kFill);
  EXPECT_EQ(fill.attr<ir::FillAttrs>().value, 1.5);
  EXPECT_EQ(fill.attr<ir::FillAttrs>().dtype, DType::kFloat32);
  ASSERT_EQ(fill.inputs.size(), 1u);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  testing::ExpectGraphOutputs(g, {testing::Make<int32_t>(Shape({1}), {2})},
                              {testing::Make<float>(Shape({2, 3}), {1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f})});
}

TEST(FillConstantConverterTest, UnknownDimsWithoutTensorAndRuntimeValue) {
  testing::ProgramBuilder b;
  b.Var("c", testing::kFp32, {-1, 2});
  b.Op("fill_constant").Out("Out", {"c"}).Longs("shape", {-1, 2});
  b.Fetch("c");
  testing::ExpectConvertError(b, ErrorCode::kUnsupported, {"'shape' [-1,2] has unknown (-1) dims"});
  testing::ProgramBuilder v;
  v.Feed("val", {1});
  v.Var("c", testing::kFp32, {2});
  v.Op("fill_constant").In("ValueTensor", {"val"}).Out("Out", {"c"}).Longs("shape", {2});
  v.Fetch("c");
  testing::ExpectConvertError(v, ErrorCode::kUnsupported, {"input 'ValueTensor' must be a constant"});
}

}  // namespace
}  // namespace oar::frontends::paddle
