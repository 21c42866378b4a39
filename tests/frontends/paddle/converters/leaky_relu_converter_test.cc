#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(LeakyReluConverterTest, AlphaFromAttributeOrPaddleDefault) {
  ir::Graph g = testing::ConvertOrDie(
      testing::UnaryProgram("leaky_relu", {4, 5}, [](testing::OpBuilder& op) { op.Float("alpha", 0.1f); }));
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kLeakyRelu).attr<ir::LeakyReluAttrs>().alpha, 0.1f);
  ir::Graph d = testing::ConvertOrDie(testing::UnaryProgram("leaky_relu", {4}, [](testing::OpBuilder&) {}));
  EXPECT_EQ(testing::OnlyNode(d, ir::OpKind::kLeakyRelu).attr<ir::LeakyReluAttrs>().alpha, 0.02f);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({4, 5}), 8, -3.0f, 3.0f);
  testing::ExpectGraphOutputs(g, {x}, {testing::MapFloats(x, [](float v) { return v >= 0 ? v : 0.1f * v; })});
}

}  // namespace
}  // namespace oar::frontends::paddle
