#include <cmath>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(LrnConverterTest, PaddleAlphaIsNotDividedBySize) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("lrn", {2, 7, 3, 3}, [](testing::OpBuilder& op) {
    op.Int("n", 5).Float("k", 1.0f).Float("alpha", 0.01f).Float("beta", 0.75f);
  }));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kLrn).attr<ir::LrnAttrs>();
  EXPECT_EQ(a.size, 5);
  EXPECT_FLOAT_EQ(a.alpha, 0.05f);
  EXPECT_EQ(a.k, 1.0f);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 7, 3, 3}), 1, -2.0f, 2.0f);
  Tensor want(DType::kFloat32, x.shape());
  for (int b = 0; b < 2; ++b)
    for (int c = 0; c < 7; ++c)
      for (int p = 0; p < 9; ++p) {
        double s = 0;
        for (int cc = std::max(0, c - 2); cc <= std::min(6, c + 2); ++cc) {
          float v = x.data<float>()[(b * 7 + cc) * 9 + p];
          s += v * v;
        }
        float v = x.data<float>()[(b * 7 + c) * 9 + p];
        want.data<float>()[(b * 7 + c) * 9 + p] = static_cast<float>(v / std::pow(1.0 + 0.01 * s, 0.75));
      }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-6);
}

TEST(LrnConverterTest, OpDefaultsAndEvenSize) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("lrn", {1, 3, 2, 2}, [](testing::OpBuilder&) {}));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kLrn).attr<ir::LrnAttrs>();
  EXPECT_EQ(a.k, 2.0f);  // the op's default (fluid.layers.lrn passes 1.0 explicitly)
  EXPECT_FLOAT_EQ(a.alpha, 5e-4f);
  testing::ExpectConvertError(
      testing::UnaryProgram("lrn", {1, 3, 2, 2}, [](testing::OpBuilder& op) { op.Int("n", 4); }),
      ErrorCode::kInvalidGraph, {"'n' must be a positive odd number, got 4"});
}

}  // namespace
}  // namespace oar::frontends::paddle
