#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(HardSigmoidConverterTest, SlopeAndOffset) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram(
      "hard_sigmoid", {2, 9}, [](testing::OpBuilder& op) { op.Float("slope", 0.1666667f).Float("offset", 0.5f); }));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kHardSigmoid).attr<ir::HardSigmoidAttrs>();
  EXPECT_EQ(a.slope, 0.1666667f);
  EXPECT_EQ(a.offset, 0.5f);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 9}), 9, -5.0f, 5.0f);
  testing::ExpectGraphOutputs(
      g, {x}, {testing::MapFloats(x, [](float v) { return std::min(std::max(0.1666667f * v + 0.5f, 0.0f), 1.0f); })});
}

TEST(HardSigmoidConverterTest, PaddleDefaults) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("hard_sigmoid", {2}, [](testing::OpBuilder&) {}));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kHardSigmoid).attr<ir::HardSigmoidAttrs>();
  EXPECT_EQ(a.slope, 0.2f);
  EXPECT_EQ(a.offset, 0.5f);
}

}  // namespace
}  // namespace oar::frontends::paddle
