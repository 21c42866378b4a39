// Tests of BuilderConfig / OptimizationProfile: range validation and the derivation of subgraph
// input ranges from model input ranges through shape inference.
#include "engine/builder_config.h"

#include <gmock/gmock.h>

#include "engine_test_util.h"

namespace oar::engine {
namespace {

using ::testing::HasSubstr;

TEST(OptimizationProfileTest, AddChecksOrderAndRank) {
  OptimizationProfile p;
  OAR_EXPECT_OK(p.Add("x", Shape{1, 3}, Shape{4, 3}, Shape{8, 3}));
  ASSERT_NE(p.Find("x"), nullptr);
  EXPECT_TRUE(p.Find("x")->Contains(Shape{8, 3}));
  EXPECT_FALSE(p.Find("x")->Contains(Shape{9, 3}));
  EXPECT_FALSE(p.Find("x")->Contains(Shape{4, 3, 1}));
  EXPECT_EQ(p.Find("y"), nullptr);
  Status bad = p.Add("x", Shape{4, 3}, Shape{2, 3}, Shape{8, 3});
  EXPECT_EQ(bad.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(bad.message(), HasSubstr("input 'x'"));
  EXPECT_THAT(bad.message(), HasSubstr("dim 0"));
  Status rank = p.Add("z", Shape{1}, Shape{1, 2}, Shape{1, 2});
  EXPECT_THAT(rank.message(), HasSubstr("same rank"));
  EXPECT_EQ(p.ToString(), "x: min [1,3] opt [4,3] max [8,3]");
}

TEST(PrecisionTest, NamesRoundTrip) {
  for (Precision p : {Precision::kFp32, Precision::kBf16, Precision::kFp16, Precision::kInt8}) {
    Precision back = Precision::kFp32;
    ASSERT_TRUE(ParsePrecision(PrecisionName(p), &back));
    EXPECT_EQ(back, p);
  }
  Precision out;
  EXPECT_FALSE(ParsePrecision("fp64", &out));
}

TEST(DeriveSubgraphRangesTest, InfersMinOptMaxOfInnerValues) {
  ir::Graph g = testing::SmallConvNet();
  OptimizationProfile model;
  OAR_ASSERT_OK(model.Add("x", Shape{1, 3, 9, 11}, Shape{3, 3, 9, 11}, Shape{5, 3, 9, 11}));
  OAR_ASSERT_OK_AND_ASSIGN(OptimizationProfile sub, DeriveSubgraphRanges(g, model, {"pool_0.out", "x"}));
  const ShapeRange* r = sub.Find("pool_0.out");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->min, (Shape{1, 8, 4, 5}));
  EXPECT_EQ(r->opt, (Shape{3, 8, 4, 5}));
  EXPECT_EQ(r->max, (Shape{5, 8, 4, 5}));
  EXPECT_EQ(sub.Find("x")->max, (Shape{5, 3, 9, 11}));
  // The model graph itself keeps its dynamic batch.
  EXPECT_EQ(g.value(g.FindValue("pool_0.out")).shape[0], kUnknownDim);
}

TEST(DeriveSubgraphRangesTest, ErrorsNameTheInput) {
  ir::Graph g = testing::SmallConvNet();
  auto missing = DeriveSubgraphRanges(g, OptimizationProfile{}, {"pool_0.out"});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("model input 'x' has dynamic shape [?,3,9,11]"));
  OptimizationProfile wrong_rank;
  OAR_ASSERT_OK(wrong_rank.Add("x", Shape{1, 3, 9}, Shape{1, 3, 9}, Shape{1, 3, 9}));
  auto r = DeriveSubgraphRanges(g, wrong_rank, {"pool_0.out"});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("input 'x': the model declares rank 4"));
  OptimizationProfile not_input;
  OAR_ASSERT_OK(not_input.Add("pool_0.out", Shape{1}, Shape{1}, Shape{1}));
  OAR_ASSERT_OK(not_input.Add("x", Shape{1, 3, 9, 11}, Shape{1, 3, 9, 11}, Shape{1, 3, 9, 11}));
  auto n = DeriveSubgraphRanges(g, not_input, {"x"});
  ASSERT_FALSE(n.ok());
  EXPECT_THAT(n.status().message(), HasSubstr("'pool_0.out' is not an input of the model"));
}

}  // namespace
}  // namespace oar::engine
