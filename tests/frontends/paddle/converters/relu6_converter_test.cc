#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(Relu6ConverterTest, ClipsToZeroAndThreshold) {
  ir::Graph g = testing::ConvertOrDie(
      testing::UnaryProgram("relu6", {3, 7}, [](testing::OpBuilder& op) { op.Float("threshold", 4.5f); }));
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kClip);
  EXPECT_EQ(n.attr<ir::ClipAttrs>().min, 0.0f);
  EXPECT_EQ(n.attr<ir::ClipAttrs>().max, 4.5f);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({3, 7}), 5, -8.0f, 8.0f);
  testing::ExpectGraphOutputs(g, {x},
                              {testing::MapFloats(x, [](float v) { return std::min(std::max(v, 0.0f), 4.5f); })});
}

TEST(Relu6ConverterTest, DefaultThresholdIsSix) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("relu6", {3}, [](testing::OpBuilder&) {}));
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kClip).attr<ir::ClipAttrs>().max, 6.0f);
}

}  // namespace
}  // namespace oar::frontends::paddle
