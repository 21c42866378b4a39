// FuseAtAnchors: which anchors it visits, how often, with fresh consumers, and what it counts.
#include "passes/fusion/fusion_util.h"

#include <vector>

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using passes::ConsumerMap;

// Absorbs the anchor's sole consumer when it has kind `follower_kind`.
passes::FuseOnceFn AbsorbFollowersOfKind(OpKind follower_kind, std::vector<std::string>* visited) {
  return [follower_kind, visited](ir::Graph& g, const ConsumerMap& consumers, ir::NodeId anchor) {
    visited->push_back(g.node(anchor).name);
    std::string why;
    const ir::NodeId f = passes::SoleConsumer(g, consumers, g.node(anchor).outputs[0], &why);
    if (f == ir::kNoNode || g.node(f).kind != follower_kind) return false;
    passes::AbsorbConsumer(g, anchor, f);
    return true;
  };
}

// x -> matmul a -> relu -> relu -> matmul b -> relu -> out: a takes both relus in a row, b its one.
TEST(FuseAtAnchors, AnchorAbsorbsSeveralFollowersInARow) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3, 5});
  ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.RandomConst("w1", Shape{5, 7}, 1)}, ir::MatMulAttrs{}, "a");
  y = b.Op(OpKind::kRelu, {y}, ir::NoAttrs{}, "r1");
  y = b.Op(OpKind::kRelu, {y}, ir::NoAttrs{}, "r2");
  y = b.Op(OpKind::kMatMul, {y, b.RandomConst("w2", Shape{7, 4}, 2)}, ir::MatMulAttrs{}, "b");
  b.Output(b.Op(OpKind::kRelu, {y}, ir::NoAttrs{}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const int before = passes::CountLiveNodes(g);
  std::vector<std::string> visited;
  EXPECT_EQ(passes::FuseAtAnchors(g, OpKind::kMatMul, AbsorbFollowersOfKind(OpKind::kRelu, &visited)), 3);
  // Each anchor is tried until the callback declines; relus are never anchors.
  EXPECT_EQ(visited, (std::vector<std::string>{"a", "a", "a", "b", "b"}));
  EXPECT_EQ(passes::CountLiveNodes(g), before - 3);
}

// An anchor removed by an earlier rewrite is skipped.
TEST(FuseAtAnchors, SkipsAnchorsRemovedMeanwhile) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 6});
  ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.RandomConst("w1", Shape{6, 6}, 3)}, ir::MatMulAttrs{}, "first");
  b.Output(b.Op(OpKind::kMatMul, {y, b.RandomConst("w2", Shape{6, 3}, 4)}, ir::MatMulAttrs{}, "second"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  std::vector<std::string> visited;
  EXPECT_EQ(passes::FuseAtAnchors(g, OpKind::kMatMul, AbsorbFollowersOfKind(OpKind::kMatMul, &visited)), 1);
  EXPECT_EQ(visited, (std::vector<std::string>{"first", "first"}));
  EXPECT_EQ(passes::CountLiveNodes(g), 1);
}

// No node of the anchor kind: the callback is never called and nothing is counted.
TEST(FuseAtAnchors, NoAnchorNoCall) {
  GraphBuilder b;
  b.Output(b.Op(OpKind::kRelu, {b.Input("x", Shape{4})}, ir::NoAttrs{}, "r"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  std::vector<std::string> visited;
  EXPECT_EQ(passes::FuseAtAnchors(g, OpKind::kConv2d, AbsorbFollowersOfKind(OpKind::kRelu, &visited)), 0);
  EXPECT_TRUE(visited.empty());
}

}  // namespace
}  // namespace oar::testing
