#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(HardSwishConverterTest, AttributesAndValues) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("hard_swish", {3, 4}, [](testing::OpBuilder& op) {
    op.Float("threshold", 5.0f).Float("scale", 7.0f).Float("offset", 2.5f);
  }));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kHardSwish).attr<ir::HardSwishAttrs>();
  EXPECT_EQ(a.threshold, 5.0f);
  EXPECT_EQ(a.scale, 7.0f);
  EXPECT_EQ(a.offset, 2.5f);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({3, 4}), 10, -6.0f, 6.0f);
  testing::ExpectGraphOutputs(
      g, {x}, {testing::MapFloats(x, [](float v) { return v * std::min(std::max(v + 2.5f, 0.0f), 5.0f) / 7.0f; })});
}

TEST(HardSwishConverterTest, DefaultsAndZeroScale) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("hard_swish", {2}, [](testing::OpBuilder&) {}));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kHardSwish).attr<ir::HardSwishAttrs>();
  EXPECT_EQ(a.threshold, 6.0f);
  EXPECT_EQ(a.scale, 6.0f);
  EXPECT_EQ(a.offset, 3.0f);
  testing::ExpectConvertError(
      testing::UnaryProgram("hard_swish", {2}, [](testing::OpBuilder& op) { op.Float("scale", 0.0f); }),
      ErrorCode::kInvalidGraph, {"'hard_swish'", "attribute 'scale' must not be 0"});
}

}  // namespace
}  // namespace oar::frontends::paddle
