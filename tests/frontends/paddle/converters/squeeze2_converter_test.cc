#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(Squeeze2ConverterTest, NegativeAxesAreNormalised) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("squeeze2", {2, 1, 3, 1}, [](testing::OpBuilder& op) {
    op.Ints("axes", {-1, 1});
  }));
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kSqueeze).attr<ir::AxesAttrs>().axes, (std::vector<int64_t>{3, 1}));
  ir::Graph all = testing::ConvertOrDie(testing::UnaryProgram("squeeze", {1, 3, 1}, [](testing::OpBuilder&) {}));
  EXPECT_TRUE(testing::OnlyNode(all, ir::OpKind::kSqueeze).attr<ir::AxesAttrs>().axes.empty());
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 1, 3, 1}), 1);
  Tensor want = x.Clone();
  want.ReshapeInPlace(Shape({2, 3}));
  testing::ExpectGraphOutputs(g, {x}, {want});
}

TEST(Squeeze2ConverterTest, AxisOutOfRange) {
  testing::ExpectConvertError(
      testing::UnaryProgram("squeeze2", {2, 1}, [](testing::OpBuilder& op) { op.Ints("axes", {-3}); }),
      ErrorCode::kInvalidGraph, {"attribute 'axes' = -3 is out of range for rank 2"});
}

}  // namespace
}  // namespace oar::frontends::paddle
