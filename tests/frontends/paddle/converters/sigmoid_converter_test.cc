#include <cmath>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(SigmoidConverterTest, OneNodeFromXToOut) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("sigmoid", {2, 3, 5}, [](testing::OpBuilder&) {}));
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kSigmoid);
  ASSERT_EQ(n.inputs.size(), 1u);
  EXPECT_EQ(n.inputs[0], g.inputs()[0]);
  EXPECT_EQ(n.outputs, (std::vector<ir::ValueId>{g.outputs()[0]}));
  EXPECT_EQ(g.value(n.outputs[0]).name, "y");
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 5}), 17, -6.0f, 6.0f);
  testing::ExpectGraphOutputs(g, {x}, {testing::MapFloats(x, [](float v) { return 1.0f / (1.0f + std::exp(-v)); })},
                              1e-5, 1e-6);
}

}  // namespace
}  // namespace oar::frontends::paddle
