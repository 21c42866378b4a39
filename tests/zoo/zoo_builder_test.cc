#include "zoo/zoo_builder.h"

#include <gtest/gtest.h>

#include <cmath>

namespace oar::zoo {
namespace {

using Dims = std::vector<int64_t>;

TEST(ZooBuilderTest, InputIsImageWithDynamicBatch) {
  ZooBuilder b("t");
  EXPECT_EQ(b.dims(b.input()), (Dims{-1, 3, 224, 224}));
  ZooGraph g = b.Finish(b.input());
  EXPECT_EQ(g.values[g.input].name, "image");
  EXPECT_EQ(g.model_name, "t");
}

TEST(ZooBuilderTest, ConvAndPoolShapes) {
  ZooBuilder b("t", 225);
  int c = b.Conv(b.input(), 17, 7, 2, 3);  // (225 + 6 - 7) / 2 + 1 = 113
  EXPECT_EQ(b.dims(c), (Dims{-1, 17, 113, 113}));
  EXPECT_EQ(b.dims(b.MaxPool(c, 3, 2, 0)), (Dims{-1, 17, 56, 56}));        // floor(110/2)+1
  EXPECT_EQ(b.dims(b.MaxPool(c, 3, 2, 0, true)), (Dims{-1, 17, 56, 56}));  // ceil(110/2)+1
  int d = b.Conv(c, 17, 3, 2, 0);                                          // 56
  EXPECT_EQ(b.dims(b.MaxPool(d, 3, 2, 0, true)), (Dims{-1, 17, 28, 28}));  // ceil(53/2)+1 = 28
  EXPECT_EQ(b.dims(b.MaxPool(d, 3, 2, 0, false)), (Dims{-1, 17, 27, 27}));
  EXPECT_EQ(b.dims(b.AdaptiveAvgPool(d, 1)), (Dims{-1, 17, 1, 1}));
  EXPECT_EQ(b.dims(b.AdaptiveAvgPool(d, 7)), (Dims{-1, 17, 7, 7}));
}

TEST(ZooBuilderTest, ParamNamesFollowPaddle) {
  ZooBuilder b("t");
  int x = b.ConvBnRelu(b.input(), 8, 3, 1, 1);
  x = b.Conv(x, 8, 3, 1, 1, 8, {true, 1.0});
  x = b.Linear(b.Flatten(b.AdaptiveAvgPool(x, 1)), 5);
  ZooGraph g = b.Finish(b.Softmax(x));
  std::vector<std::string> names;
  for (const ZooParam& p : g.params) names.push_back(p.name);
  std::vector<std::string> expected = {"conv2d_0.w_0",     "batch_norm_0.w_0", "batch_norm_0.b_0",
                                       "batch_norm_0.w_1", "batch_norm_0.w_2", "conv2d_1.w_0",
                                       "conv2d_1.b_0",     "linear_0.w_0",     "linear_0.b_0"};
  EXPECT_EQ(names, expected);
  EXPECT_EQ(g.params[0].dims, (Dims{8, 3, 3, 3}));
  EXPECT_EQ(g.params[5].dims, (Dims{8, 1, 3, 3}));  // depthwise: in/groups = 1
  EXPECT_EQ(g.params[7].dims, (Dims{8, 5}));        // linear weight stored [in, out]
  EXPECT_FALSE(g.params[3].trainable);
  EXPECT_FALSE(g.params[4].trainable);
  EXPECT_EQ(g.values[g.output].name, "softmax_0.tmp_0");
  EXPECT_EQ(g.values[g.output].dims, (Dims{-1, 5}));
  // Bias convs name their output tmp_1 (tmp_0 is the Paddle conv before the bias add).
  EXPECT_EQ(g.values[g.layers[3].outputs[0]].name, "conv2d_1.tmp_1");
  EXPECT_EQ(g.values[g.layers[1].outputs[0]].name, "batch_norm_0.tmp_2");
}

TEST(ZooBuilderTest, InitScalesFollowFanIn) {
  ZooBuilder b("t");
  int x = b.Conv(b.input(), 12, 5, 1, 2, 3, {false, 0.5});
  b.BatchNorm(x, 1e-3f, 0.2);
  ZooGraph g = b.Finish(x);
  EXPECT_NEAR(g.params[0].b, 0.5 * std::sqrt(2.0 / (1 * 5 * 5)), 1e-12);  // fan_in = 3/3 * 25
  EXPECT_EQ(g.params[1].dist, ParamDist::kNormal);
  EXPECT_DOUBLE_EQ(g.params[1].a, 0.2);  // gamma centre
  EXPECT_EQ(g.params[4].dist, ParamDist::kUniform);
  EXPECT_GT(g.params[4].a, 0.0);  // variances positive
  EXPECT_FLOAT_EQ(g.layers[1].epsilon, 1e-3f);
}

TEST(ZooBuilderTest, SplitConcatAddMulShapes) {
  ZooBuilder b("t");
  int x = b.Conv(b.input(), 10, 1);
  std::vector<int> parts = b.Split(x, {4, 6});
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(b.dims(parts[0]), (Dims{-1, 4, 224, 224}));
  EXPECT_EQ(b.dims(parts[1]), (Dims{-1, 6, 224, 224}));
  EXPECT_EQ(b.dims(b.Concat({parts[1], x, parts[0]})), (Dims{-1, 20, 224, 224}));
  int scale = b.Sigmoid(b.AdaptiveAvgPool(x, 1));
  EXPECT_EQ(b.dims(b.Mul(x, scale)), (Dims{-1, 10, 224, 224}));
  EXPECT_EQ(b.dims(b.Add(x, x)), (Dims{-1, 10, 224, 224}));
  ZooGraph g = b.Finish(x);
  EXPECT_EQ(g.values[parts[1]].name, "split_0.tmp_1");
}

TEST(ZooBuilderTest, CountsParamsAndMacs) {
  ZooBuilder b("t", 8);
  int x = b.Conv(b.input(), 4, 3, 1, 1, 1, {true, 1.0});  // 4*3*9 + 4 params; 4*8*8 * 27 MACs
  x = b.BatchNorm(x);                                     // 8 trainable
  x = b.Linear(b.Flatten(x), 6);                          // 256*6 + 6; 256*6 MACs
  ZooGraph g = b.Finish(x);
  EXPECT_EQ(g.NumTrainableParams(), 4 * 27 + 4 + 8 + 256 * 6 + 6);
  EXPECT_EQ(g.Macs(), 4 * 64 * 27 + 256 * 6);
}

TEST(ZooBuilderDeathTest, BadNetworkDefinitionsAbort) {
  EXPECT_DEATH(
      {
        ZooBuilder b("t");
        b.Split(b.input(), {1, 1});
      },
      "split sections");
  EXPECT_DEATH(
      {
        ZooBuilder b("t");
        b.Conv(b.input(), 4, 3, 1, 1, 2);
      },
      "groups");
  EXPECT_DEATH(
      {
        ZooBuilder b("t", 3);
        b.MaxPool(b.input(), 1, 2, 1, true);  // ceil gives 3 windows; the last starts in the padding
      },
      "starts in the padding");
}

}  // namespace
}  // namespace oar::zoo
