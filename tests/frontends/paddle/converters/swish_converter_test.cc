#include <cmath>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(SwishConverterTest, Beta) {
  ir::Graph g = testing::ConvertOrDie(
      testing::UnaryProgram("swish", {5, 3}, [](testing::OpBuilder& op) { op.Float("beta", 1.5f); }));
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kSwish).attr<ir::SwishAttrs>().beta, 1.5f);
  ir::Graph d = testing::ConvertOrDie(testing::UnaryProgram("swish", {5}, [](testing::OpBuilder&) {}));
  EXPECT_EQ(testing::OnlyNode(d, ir::OpKind::kSwish).attr<ir::SwishAttrs>().beta, 1.0f);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({5, 3}), 11, -4.0f, 4.0f);
  testing::ExpectGraphOutputs(g, {x},
                              {testing::MapFloats(x, [](float v) { return v / (1.0f + std::exp(-1.5f * v)); })});
}

}  // namespace
}  // namespace oar::frontends::paddle
