#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(ScaleConverterTest, BiasBeforeOrAfterScale) {
  for (bool after : {true, false}) {
    ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("scale", {3, 4}, [after](testing::OpBuilder& op) {
      op.Float("scale", 2.5f).Float("bias", -1.0f).Bool("bias_after_scale", after);
    }));
    const auto& a = testing::OnlyNode(g, ir::OpKind::kScale).attr<ir::ScaleAttrs>();
    EXPECT_EQ(a.scale, 2.5f);
    EXPECT_EQ(a.bias, -1.0f);
    EXPECT_EQ(a.bias_after_scale, after);
    if (!testing::MissingRuntimeSupport(g).empty()) continue;
    Tensor x = oar::testing::RandomTensor(Shape({3, 4}), after ? 1 : 2);
    testing::ExpectGraphOutputs(
        g, {x}, {testing::MapFloats(x, [after](float v) { return after ? 2.5f * v - 1.0f : 2.5f * (v - 1.0f); })});
  }
}

TEST(ScaleConverterTest, ScaleTensorConstantIsFoldedRuntimeIsPassed) {
  testing::ProgramBuilder b;
  b.Feed("x", {3});
  b.Weight("s", testing::Make<float>(Shape({1}), {4.0f}));
  b.Var("y", testing::kFp32, {3});
  b.Op("scale").In("X", {"x"}).In("ScaleTensor", {"s"}).Out("Out", {"y"}).Float("scale", 1.0f);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kScale);
  EXPECT_EQ(n.inputs.size(), 1u);
  EXPECT_EQ(n.attr<ir::ScaleAttrs>().scale, 4.0f);

  testing::ProgramBuilder r;
  r.Feed("x", {3}, 0);
  r.Feed("s", {1}, 1);
  r.Var("y", testing::kFp32, {3});
  r.Op("scale").In("X", {"x"}).In("ScaleTensor", {"s"}).Out("Out", {"y"});
  r.Fetch("y");
  ir::Graph h = testing::ConvertOrDie(r);
  const ir::Node& m = testing::OnlyNode(h, ir::OpKind::kScale);
  ASSERT_EQ(m.inputs.size(), 2u);
  EXPECT_EQ(m.inputs[1], h.inputs()[1]);
  OAR_SKIP_UNLESS_RUNNABLE(h);
  Tensor x = oar::testing::RandomTensor(Shape({3}), 3);
  Tensor s = testing::Make<float>(Shape({1}), {-3.0f});
  testing::ExpectGraphOutputs(h, {x, s}, {testing::MapFloats(x, [](float v) { return -3.0f * v; })});
}

}  // namespace
}  // namespace oar::frontends::paddle
