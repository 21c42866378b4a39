#include <algorithm>
#include <cmath>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

// x [3, 4] (op) y [4] (trailing broadcast), and with y [3] at axis 0.
TEST(ElementwiseMinConverterTest, BroadcastsLikePaddle) {
  for (int axis : {-1, 0}) {
    const int64_t n = axis == -1 ? 4 : 3;
    testing::ProgramBuilder b;
    b.Feed("x", {3, 4}, 0);
    b.Feed("y", {n}, 1);
    b.Var("out", testing::kFp32, {3, 4});
    b.Op("elementwise_min").In("X", {"x"}).In("Y", {"y"}).Out("Out", {"out"}).Int("axis", axis);
    b.Fetch("out");
    ir::Graph g = testing::ConvertOrDie(b);
    const ir::Node& node = testing::OnlyNode(g, ir::OpKind::kMin);
    EXPECT_EQ(node.inputs[0], g.inputs()[0]);
    EXPECT_EQ(testing::KindSequence(g), axis == -1 ? "min" : "unsqueeze,min");
    if (!testing::MissingRuntimeSupport(g).empty()) continue;
    Tensor x = oar::testing::RandomTensor(Shape({3, 4}), 20 + axis, -2.0f, 2.0f);
    Tensor y = oar::testing::RandomTensor(Shape({n}), 30 + axis, -2.0f, 2.0f);
    Tensor want(DType::kFloat32, Shape({3, 4}));
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 4; ++j) {
        float a = x.data<float>()[i * 4 + j];
        float b = y.data<float>()[axis == -1 ? j : i];
        want.data<float>()[i * 4 + j] = std::min(a, b);
      }
    }
    testing::ExpectGraphOutputs(g, {x, y}, {want}, 1e-5, 1e-6);
  }
}

}  // namespace
}  // namespace oar::frontends::paddle
