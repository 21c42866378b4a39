#include <cmath>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(GeluConverterTest, ExactByDefault) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("gelu", {4, 6}, [](testing::OpBuilder&) {}));
  EXPECT_FALSE(testing::OnlyNode(g, ir::OpKind::kGelu).attr<ir::GeluAttrs>().approximate);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({4, 6}), 12, -3.0f, 3.0f);
  testing::ExpectGraphOutputs(
      g, {x}, {testing::MapFloats(x, [](float v) { return 0.5f * v * (1.0f + std::erf(v / std::sqrt(2.0f))); })}, 1e-5,
      1e-6);
}

TEST(GeluConverterTest, TanhApproximation) {
  ir::Graph g = testing::ConvertOrDie(
      testing::UnaryProgram("gelu", {7}, [](testing::OpBuilder& op) { op.Bool("approximate", true); }));
  EXPECT_TRUE(testing::OnlyNode(g, ir::OpKind::kGelu).attr<ir::GeluAttrs>().approximate);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({7}), 13, -3.0f, 3.0f);
  const float k = std::sqrt(2.0f / 3.14159265f);
  testing::ExpectGraphOutputs(
      g, {x},
      {testing::MapFloats(x, [k](float v) { return 0.5f * v * (1.0f + std::tanh(k * (v + 0.044715f * v * v * v))); })},
      1e-5, 1e-6);
}

}  // namespace
}  // namespace oar::frontends::paddle
