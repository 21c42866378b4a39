#include <cmath>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(SoftmaxConverterTest, AxisAndDefault) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram(
      "softmax", {2, 3, 4}, [](testing::OpBuilder& op) { op.Int("axis", 1).String("data_format", "AnyLayout"); }));
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kSoftmax).attr<ir::SoftmaxAttrs>().axis, 1);
  ir::Graph d = testing::ConvertOrDie(testing::UnaryProgram("softmax", {2, 3}, [](testing::OpBuilder&) {}));
  EXPECT_EQ(testing::OnlyNode(d, ir::OpKind::kSoftmax).attr<ir::SoftmaxAttrs>().axis, -1);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 4}), 1, -3.0f, 3.0f);
  Tensor want(DType::kFloat32, x.shape());
  for (int a = 0; a < 2; ++a)
    for (int c = 0; c < 4; ++c) {
      double s = 0;
      for (int k = 0; k < 3; ++k) s += std::exp(x.data<float>()[(a * 3 + k) * 4 + c]);
      for (int k = 0; k < 3; ++k) {
        want.data<float>()[(a * 3 + k) * 4 + c] =
            static_cast<float>(std::exp(x.data<float>()[(a * 3 + k) * 4 + c]) / s);
      }
    }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-6);
}

}  // namespace
}  // namespace oar::frontends::paddle
