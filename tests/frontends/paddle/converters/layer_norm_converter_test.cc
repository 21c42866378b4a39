#include <cmath>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(LayerNormConverterTest, NormalisesTrailingDims) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 3, 4});
  Tensor scale = oar::testing::RandomTensor(Shape({4}), 1);
  Tensor bias = oar::testing::RandomTensor(Shape({4}), 2);
  b.Weight("s", scale);
  b.Weight("bb", bias);
  b.Var("y", testing::kFp32, {2, 3, 4});
  b.Var("m", testing::kFp32, {6});
  b.Var("v", testing::kFp32, {6});
  b.Op("layer_norm")
      .In("X", {"x"})
      .In("Scale", {"s"})
      .In("Bias", {"bb"})
      .Out("Y", {"y"})
      .Out("Mean", {"m"})
      .Out("Variance", {"v"})
      .Int("begin_norm_axis", 2)
      .Float("epsilon", 1e-5f);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kLayerNorm);
  EXPECT_EQ(n.attr<ir::LayerNormAttrs>().begin_norm_axis, 2);
  ASSERT_EQ(n.inputs.size(), 3u);
  EXPECT_EQ(n.outputs.size(), 1u);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 4}), 3);
  Tensor want(DType::kFloat32, x.shape());
  for (int r = 0; r < 6; ++r) {
    double mean = 0, var = 0;
    for (int k = 0; k < 4; ++k) mean += x.data<float>()[r * 4 + k];
    mean /= 4;
    for (int k = 0; k < 4; ++k) var += std::pow(x.data<float>()[r * 4 + k] - mean, 2);
    var /= 4;
    for (int k = 0; k < 4; ++k) {
      want.data<float>()[r * 4 + k] = static_cast<float>(
          (x.data<float>()[r * 4 + k] - mean) / std::sqrt(var + 1e-5) * scale.data<float>()[k] + bias.data<float>()[k]);
    }
  }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-4, 1e-5);
}

TEST(LayerNormConverterTest, OptionalScaleAndAxisRange) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 3});
  b.Weight("bb", oar::testing::RandomTensor(Shape({3}), 4));
  b.Var("y", testing::kFp32, {2, 3});
  b.Op("layer_norm").In("X", {"x"}).In("Bias", {"bb"}).Out("Y", {"y"});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kLayerNorm);
  ASSERT_EQ(n.inputs.size(), 3u);
  EXPECT_EQ(n.inputs[1], ir::kNoValue);
  EXPECT_EQ(n.attr<ir::LayerNormAttrs>().begin_norm_axis, 1);
  testing::ProgramBuilder bad;
  bad.Feed("x", {2, 3});
  bad.Var("y", testing::kFp32, {2, 3});
  bad.Op("layer_norm").In("X", {"x"}).Out("Y", {"y"}).Int("begin_norm_axis", 2);
  bad.Fetch("y");
  testing::ExpectConvertError(bad, ErrorCode::kInvalidGraph, {"'begin_norm_axis' = 2 must be in [0, 2)"});
}

}  // namespace
}  // namespace oar::frontends::paddle
