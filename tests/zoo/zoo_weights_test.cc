#include "zoo/zoo_weights.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "zoo/zoo_io.h"

namespace oar::zoo {
namespace {

TEST(ZooWeightsTest, SplitMix64MatchesTheReferenceSequence) {
  // Reference outputs of splitmix64 seeded with 0 (Vigna's splitmix64.c).
  SplitMix64 rng(0);
  EXPECT_EQ(rng.Next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(rng.Next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(rng.Next(), 0x06c45d188009454fULL);
}

TEST(ZooWeightsTest, NormalishHasUnitVarianceAndBoundedTails) {
  SplitMix64 rng(12345);
  const int n = 200000;
  double sum = 0, sum2 = 0, max_abs = 0;
  for (int i = 0; i < n; ++i) {
    double v = rng.NextNormalish();
    sum += v;
    sum2 += v * v;
    max_abs = std::max(max_abs, std::fabs(v));
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum2 / n, 1.0, 0.01);
  EXPECT_LE(max_abs, 2.0 * std::sqrt(3.0));
  EXPECT_GT(max_abs, 3.0);  // a bell curve, not a narrow uniform
}

TEST(ZooWeightsTest, UniformIsInRange) {
  SplitMix64 rng(99);
  double lo = 1, hi = 0;
  for (int i = 0; i < 100000; ++i) {
    double u = rng.NextUniform();
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  EXPECT_LT(lo, 0.001);
  EXPECT_GT(hi, 0.999);
}

TEST(ZooWeightsTest, ParamValuesDependOnModelSeedAndName) {
  ZooParam p;
  p.name = "conv2d_3.w_0";
  p.dims = {16, 3, 3, 3};
  p.dist = ParamDist::kNormal;
  p.a = 0.5;
  p.b = 0.1;
  std::vector<float> base = GenerateParam("resnet50", 1, p);
  ASSERT_EQ(base.size(), 432u);
  EXPECT_EQ(GenerateParam("resnet50", 1, p), base);
  EXPECT_NE(GenerateParam("resnet50", 2, p), base);
  EXPECT_NE(GenerateParam("dpn68", 1, p), base);
  ZooParam q = p;
  q.name = "conv2d_4.w_0";
  EXPECT_NE(GenerateParam("resnet50", 1, q), base);
  double mean = 0;
  for (float v : base) mean += v;
  EXPECT_NEAR(mean / base.size(), 0.5, 0.02);
}

TEST(ZooWeightsTest, UniformParamsStayInTheirRange) {
  ZooParam p;
  p.name = "batch_norm_0.w_2";
  p.dims = {4097};
  p.dist = ParamDist::kUniform;
  p.a = 0.8;
  p.b = 1.25;
  for (float v : GenerateParam("m", 5, p)) {
    EXPECT_GE(v, 0.8f);
    EXPECT_LE(v, 1.25f);
  }
}

TEST(ZooWeightsTest, SeedsAreStable) {
  // Pinned values: a change here changes every zoo model's weights, which the docs and any
  // saved reference outputs depend on.
  EXPECT_EQ(HashString(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(HashString("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_NE(ParamSeed("resnet50", 0, "conv2d_0.w_0"), ParamSeed("resnet50", 0, "conv2d_0.w_1"));
  EXPECT_NE(ParamSeed("resnet50", 0, "x"), ParamSeed("resnet50", 1, "x"));
}

std::vector<uint32_t> Bits(const std::vector<float>& values) {
  std::vector<uint32_t> bits(values.size());
  std::memcpy(bits.data(), values.data(), values.size() * 4);
  return bits;
}

TEST(ZooWeightsTest, ValuesArePinnedBitForBit) {
  // Same bits from GCC and Clang, -O0 and -O3 -march=native (FMA): no contraction, no libm.
  ZooParam p;
  p.name = "conv2d_0.w_0";
  p.dims = {4};
  p.a = 0.0;
  p.b = 0.1;
  EXPECT_EQ(Bits(GenerateParam("resnet50", 0, p)),
            (std::vector<uint32_t>{0x3cb59137, 0xbe45a295, 0xbd860c2a, 0x3dab8a7a}));
  p.dist = ParamDist::kUniform;
  p.a = 0.8;
  p.b = 1.25;
  EXPECT_EQ(Bits(GenerateParam("resnet50", 0, p)),
            (std::vector<uint32_t>{0x3f5b5f12, 0x3f9bc342, 0x3f55016f, 0x3f513383}));
  ZooParam big;
  big.name = "linear_0.w_0";
  big.dims = {1000, 1000};
  big.a = 0.01;
  big.b = 0.037;
  std::string bytes;
  AppendFloatsLE(GenerateParam("vgg16", 5, big), &bytes);
  EXPECT_EQ(HashString(bytes), 0x1e2d0e69e1e0f034ULL);
}

}  // namespace
}  // namespace oar::zoo
