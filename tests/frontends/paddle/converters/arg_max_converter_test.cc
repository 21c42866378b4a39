#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(ArgMaxConverterTest, AxisDtypeAndValues) {
  testing::ProgramBuilder b;
  b.Feed("x", {3, 4});
  b.Var("y", testing::kInt32, {3});
  b.Op("arg_max")
      .In("X", {"x"})
      .Out("Out", {"y"})
      .Long("axis", -1)
      .Int("dtype", 2)
      .Bool("keepdims", false)
      .Bool("flatten", false);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kArgMax).attr<ir::ArgMaxAttrs>();
  EXPECT_EQ(a.axis, 1);
  EXPECT_EQ(a.out_dtype, DType::kInt32);
  EXPECT_FALSE(a.keepdims);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = testing::Make<float>(Shape({3, 4}), {1, 5, 2, 5, -1, -3, -2, -9, 0, 0, 7, 1});
  testing::ExpectGraphOutputs(g, {x}, {testing::Make<int32_t>(Shape({3}), {1, 0, 2})});
}

TEST(ArgMaxConverterTest, DefaultDtypeAndBadDtype) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram(
      "arg_max", {5}, [](testing::OpBuilder& op) { op.Long("axis", 0).Int("dtype", -1); }, testing::kInt64));
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kArgMax).attr<ir::ArgMaxAttrs>().out_dtype, DType::kInt64);
  testing::ExpectConvertError(
      testing::UnaryProgram("arg_max", {5}, [](testing::OpBuilder& op) { op.Long("axis", 0).Int("dtype", 5); }),
      ErrorCode::kUnsupported, {"attribute 'dtype' = 5"});
}

}  // namespace
}  // namespace oar::frontends::paddle
