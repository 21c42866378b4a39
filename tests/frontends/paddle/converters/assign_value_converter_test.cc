#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(AssignValueConverterTest, TypedListsBecomeConstants) {
  testing::ProgramBuilder b;
  b.Var("i", testing::kInt64, {1});
  b.Var("f", testing::kFp32, {2, 2});
  b.Op("assign_value")
      .Out("Out", {"i"})
      .Ints("shape", {1})
      .Int("dtype", 3)
      .Longs("int64_values", {500})
      .Ints("int32_values", {});
  b.Op("assign_value")
      .Out("Out", {"f"})
      .Ints("shape", {2, 2})
      .Int("dtype", 5)
      .Floats("fp32_values", {1.0f, -2.0f, 0.5f, 3.0f});
  b.Fetch("i", 0);
  b.Fetch("f", 1);
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(g.num_nodes(), 0);
  EXPECT_TRUE(oar::testing::TensorsNear(*g.value(g.outputs()[0]).constant, testing::Make<int64_t>(Shape({1}), {500})));
  EXPECT_TRUE(oar::testing::TensorsNear(*g.value(g.outputs()[1]).constant,
                                        testing::Make<float>(Shape({2, 2}), {1.0f, -2.0f, 0.5f, 3.0f})));
}

TEST(AssignValueConverterTest, CountMustMatchShape) {
  testing::ProgramBuilder b;
  b.Var("i", testing::kInt32, {3});
  b.Op("assign_value").Out("Out", {"i"}).Ints("shape", {3}).Int("dtype", 2).Ints("int32_values", {1, 2});
  b.Fetch("i");
  testing::ExpectConvertError(b, ErrorCode::kInvalidGraph, {"'int32_values' holds 2 values", "i32[3]"});
}

}  // namespace
}  // namespace oar::frontends::paddle
