// ConvertReduce (reduce_common.cc) through reduce_sum.
#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

template <typename Fn>
testing::ProgramBuilder Reduce(const std::vector<int64_t>& out_dims, Fn attrs, int out_code = testing::kFp32) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 3, 4});
  b.Var("y", out_code, out_dims);
  testing::OpBuilder op = b.Op("reduce_sum").In("X", {"x"}).Out("Out", {"y"});
  attrs(op);
  b.Fetch("y");
  return b;
}

TEST(ReduceCommonTest, DimsAreNormalisedSortedAndDeduplicated) {
  ir::Graph g = testing::ConvertOrDie(Reduce({3}, [](testing::OpBuilder& op) {
    op.Ints("dim", {-1, 0, 2}).Bool("keep_dim", false);
  }));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kReduceSum).attr<ir::ReduceAttrs>();
  EXPECT_EQ(a.axes, (std::vector<int64_t>{0, 2}));
  EXPECT_FALSE(a.keepdims);
  EXPECT_FALSE(a.reduce_all);
  testing::ExpectInferred(g, "y", DType::kFloat32, Shape({3}));
}

TEST(ReduceCommonTest, AllDimsMeansReduceAllAndKeepsDeclaredRankOne) {
  ir::Graph g = testing::ConvertOrDie(Reduce({1}, [](testing::OpBuilder& op) { op.Ints("dim", {0, 1, 2}); }));
  EXPECT_EQ(testing::KindSequence(g), "reduce_sum,reshape");
  const auto& a = testing::OnlyNode(g, ir::OpKind::kReduceSum).attr<ir::ReduceAttrs>();
  EXPECT_TRUE(a.reduce_all);
  EXPECT_TRUE(a.axes.empty());
  ir::Graph k = testing::ConvertOrDie(
      Reduce({1, 1, 1}, [](testing::OpBuilder& op) { op.Bool("reduce_all", true).Bool("keep_dim", true); }));
  EXPECT_EQ(testing::KindSequence(k), "reduce_sum");
  testing::ExpectInferred(k, "y", DType::kFloat32, Shape({1, 1, 1}));
}

TEST(ReduceCommonTest, OutDtypeAddsACastInDtypeIsRejected) {
  ir::Graph g = testing::ConvertOrDie(Reduce(
      {2, 4}, [](testing::OpBuilder& op) { op.Ints("dim", {1}).Int("out_dtype", 6).Int("in_dtype", -1); }, 6));
  EXPECT_EQ(testing::KindSequence(g), "reduce_sum,cast");
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kCast).attr<ir::CastAttrs>().to, DType::kFloat64);
  testing::ExpectConvertError(Reduce({2, 4}, [](testing::OpBuilder& op) { op.Ints("dim", {1}).Int("in_dtype", 5); }),
                              ErrorCode::kUnsupported, {"attribute 'in_dtype' = 5"});
  testing::ExpectConvertError(Reduce({2, 4}, [](testing::OpBuilder& op) { op.Ints("dim", {3}); }),
                              ErrorCode::kInvalidGraph, {"attribute 'dim' = 3 is out of range for rank 3"});
}

TEST(ReduceCommonTest, DefaultDimIsZero) {
  ir::Graph g = testing::ConvertOrDie(Reduce({3, 4}, [](testing::OpBuilder&) {}));
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kReduceSum).attr<ir::ReduceAttrs>().axes, (std::vector<int64_t>{0}));
}

}  // namespace
}  // namespace oar::frontends::paddle
