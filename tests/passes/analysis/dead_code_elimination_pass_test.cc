// dead_code_elimination: unreachable nodes and the constants only they used disappear; live
// multi-output nodes stay whole; graph outputs that are inputs or constants are fine.
#include "passes/analysis/dead_code_elimination_pass.h"

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

TEST(DeadCodeEliminationPass, RemovesUnusedBranchesAndTheirConstants) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3});
  ir::ValueId y = b.Op(OpKind::kRelu, {x}, ir::NoAttrs{}, "relu");
  // Dead: a chain hanging off x and a node using a constant nothing else uses.
  ir::ValueId s = b.Op(OpKind::kShape, {y});
  b.Op(OpKind::kCast, {s}, ir::CastAttrs{DType::kFloat32});
  b.Op(OpKind::kMul, {x, b.RandomConst("only_dead_uses_me", Shape{2, 3}, 1)});
  b.Output(b.Op(OpKind::kSigmoid, {y}, ir::NoAttrs{}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"dead_code_elimination"}));
  EXPECT_EQ(stats[0].rewrites, 3);
  EXPECT_EQ(stats[0].nodes_before, 5);
  EXPECT_EQ(stats[0].nodes_after, 2);
  EXPECT_EQ(stats[0].nodes_removed, 3);
  EXPECT_EQ(g.FindValue("only_dead_uses_me"), ir::kNoValue) << "Compact() drops constants nobody uses";

  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{2, 3});
  e.Output(e.Op(OpKind::kSigmoid, {e.Op(OpKind::kRelu, {ex})}, ir::NoAttrs{}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_TRUE(SameOutputs(g, original, 1));
}

TEST(DeadCodeEliminationPass, KeepsAMultiOutputNodeWhenOneOutputIsUsed) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{4, 6});
  ir::SplitAttrs split;
  split.axis = 1;
  split.num = 3;
  std::vector<ir::ValueId> parts = b.OpN(OpKind::kSplit, {x}, 3, split, "split");
  b.Op(OpKind::kRelu, {parts[0]});  // dead
  b.Output(b.Op(OpKind::kExp, {parts[2]}, ir::NoAttrs{}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"dead_code_elimination"}));
  EXPECT_EQ(stats[0].rewrites, 1);
  EXPECT_EQ(CountKind(g, OpKind::kSplit), 1);
  EXPECT_EQ(CountKind(g, OpKind::kRelu), 0);
}

TEST(DeadCodeEliminationPass, LeavesALiveGraphAloneAndHandlesInputAndConstantOutputs) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3});
  ir::ValueId c = b.RandomConst("c", Shape{3}, 2);
  b.Output(b.Op(OpKind::kAdd, {x, c}));
  b.Output(x);               // a graph input returned as is
  b.Output(c);               // a constant returned as is
  b.Op(OpKind::kRelu, {c});  // dead
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"dead_code_elimination", "dead_code_elimination"}));
  EXPECT_EQ(stats[0].rewrites, 1);
  EXPECT_EQ(stats[1].rewrites, 0);
  EXPECT_EQ(CountLive(g), 1);
  EXPECT_EQ(g.outputs().size(), 3u);
  EXPECT_TRUE(g.value(g.outputs()[2]).is_constant());
}

TEST(DeadCodeEliminationPass, ComputeLiveNodesMarksOnlyWhatReachesOutputs) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2});
  ir::ValueId a = b.Op(OpKind::kRelu, {x}, ir::NoAttrs{}, "a");
  b.Op(OpKind::kExp, {a}, ir::NoAttrs{}, "dead");
  b.Output(b.Op(OpKind::kSqrt, {a}, ir::NoAttrs{}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const std::vector<bool> live = passes::ComputeLiveNodes(g);
  ASSERT_EQ(live.size(), 3u);
  EXPECT_TRUE(live[0]);
  EXPECT_FALSE(live[1]);
  EXPECT_TRUE(live[2]);
}

}  // namespace
}  // namespace oar::testing
