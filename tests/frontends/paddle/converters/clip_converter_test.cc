#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(ClipConverterTest, AttributesOrConstantTensors) {
  ir::Graph g = testing::ConvertOrDie(
      testing::UnaryProgram("clip", {4, 3}, [](testing::OpBuilder& op) { op.Float("min", -0.5f).Float("max", 0.7f); }));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kClip).attr<ir::ClipAttrs>();
  EXPECT_EQ(a.min, -0.5f);
  EXPECT_EQ(a.max, 0.7f);

  testing::ProgramBuilder b;
  b.Feed("x", {4, 3});
  b.Weight("mx", testing::Make<float>(Shape({1}), {0.25f}));
  b.Var("y", testing::kFp32, {4, 3});
  b.Op("clip").In("X", {"x"}).In("Max", {"mx"}).Out("Out", {"y"}).Float("min", -1.0f).Float("max", 9.0f);
  b.Fetch("y");
  ir::Graph h = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::OnlyNode(h, ir::OpKind::kClip).attr<ir::ClipAttrs>().max, 0.25f);
  OAR_SKIP_UNLESS_RUNNABLE(h);
  Tensor x = oar::testing::RandomTensor(Shape({4, 3}), 1, -2.0f, 2.0f);
  testing::ExpectGraphOutputs(h, {x},
                              {testing::MapFloats(x, [](float v) { return std::min(std::max(v, -1.0f), 0.25f); })});
}

TEST(ClipConverterTest, RuntimeBoundsAreUnsupported) {
  testing::ProgramBuilder b;
  b.Feed("x", {4}, 0);
  b.Feed("mn", {1}, 1);
  b.Var("y", testing::kFp32, {4});
  b.Op("clip").In("X", {"x"}).In("Min", {"mn"}).Out("Out", {"y"}).Float("min", 0.0f).Float("max", 1.0f);
  b.Fetch("y");
  testing::ExpectConvertError(b, ErrorCode::kUnsupported, {"'clip'", "input 'Min' must be a constant"});
}

}  // namespace
}  // namespace oar::frontends::paddle
