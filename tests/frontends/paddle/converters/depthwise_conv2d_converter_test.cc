#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(DepthwiseConv2dConverterTest, IsAGroupedConv2d) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 3, 6, 6});
  Tensor w = oar::testing::RandomTensor(Shape({3, 1, 3, 3}), 1);
  b.Weight("w", w);
  b.Var("y", testing::kFp32, {-1, 3, 3, 3});
  b.Op("depthwise_conv2d")
      .In("Input", {"x"})
      .In("Filter", {"w"})
      .Out("Output", {"y"})
      .Ints("strides", {2, 2})
      .Ints("paddings", {1, 1})
      .Int("groups", 3);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kConv2d).attr<ir::Conv2dAttrs>();
  EXPECT_EQ(a.groups, 3);
  EXPECT_EQ(a.pads, (std::vector<int64_t>{1, 1, 1, 1}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({1, 3, 6, 6}), 2);
  Tensor want(DType::kFloat32, Shape({1, 3, 3, 3}));
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        float acc = 0;
        for (int a2 = 0; a2 < 3; ++a2)
          for (int q = 0; q < 3; ++q) {
            int yy = 2 * i - 1 + a2, xx = 2 * j - 1 + q;
            if (yy < 0 || yy >= 6 || xx < 0 || xx >= 6) continue;
            acc += x.data<float>()[(c * 6 + yy) * 6 + xx] * w.data<float>()[(c * 3 + a2) * 3 + q];
          }
        want.data<float>()[(c * 3 + i) * 3 + j] = acc;
      }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-5);
}

}  // namespace
}  // namespace oar::frontends::paddle
