#include "ir/graph.h"

#include <algorithm>

#include "ir/op_schema.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "test_util.h"

namespace oar::ir {
namespace {

TEST(GraphTest, TopologicalOrderAndCompact) {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{2, 3});
  g.AddInput(x);
  ValueId a = g.AddValue("a", DType::kFloat32, Shape{});
  ValueId b = g.AddValue("b", DType::kFloat32, Shape{});
  ValueId c = g.AddValue("c", DType::kFloat32, Shape{});
  // Stored out of order: the add consumes b before the relu producing b is listed.
  g.AddNode("sig", OpKind::kSigmoid, {x}, {a});
  NodeId add = g.AddNode("add", OpKind::kAdd, {a, b}, {c});
  g.AddNode("relu", OpKind::kRelu, {x}, {b});
  g.AddOutput(c);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<NodeId> order, g.TopologicalOrder());
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order.back(), add);
  OAR_EXPECT_OK(VerifyGraph(g));
  OAR_EXPECT_OK(InferShapes(g));
  EXPECT_EQ(g.value(c).shape, (Shape{2, 3}));

  // Remove the relu, route its use to x, compact: ids renumber, names stay.
  g.ReplaceAllUses(b, x);
  g.RemoveNode(2);
  g.Compact();
  EXPECT_EQ(g.num_nodes(), 2);
  EXPECT_EQ(g.FindValue("b"), kNoValue);
  OAR_EXPECT_OK(VerifyGraph(g));
  std::string text = PrintGraph(g);
  EXPECT_NE(text.find("%c = add(%a, %x)"), std::string::npos) << text;
}

// A node using one value twice plus another value must wait for both producers, even when it
// is stored before the second producer.
TEST(GraphTest, RepeatedInputDoesNotMakeANodeReadyEarly) {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{2});
  g.AddInput(x);
  ValueId v = g.AddValue("v", DType::kFloat32, Shape{});
  ValueId w = g.AddValue("w", DType::kFloat32, Shape{});
  ValueId c = g.AddValue("c", DType::kFloat32, Shape{});
  g.AddNode("relu", OpKind::kRelu, {x}, {v});
  NodeId concat = g.AddNode("concat", OpKind::kConcat, {v, v, w}, {c}, AxisAttrs{0});
  NodeId sig = g.AddNode("sig", OpKind::kSigmoid, {x}, {w});
  g.AddOutput(c);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<NodeId> order, g.TopologicalOrder());
  ASSERT_EQ(order.size(), 3u);
  auto pos = [&](NodeId n) { return std::find(order.begin(), order.end(), n) - order.begin(); };
  EXPECT_LT(pos(sig), pos(concat));
  EXPECT_EQ(order.back(), concat);
}

TEST(GraphTest, CycleIsReported) {
  Graph g;
  ValueId a = g.AddValue("a", DType::kFloat32, Shape{1});
  ValueId b = g.AddValue("b", DType::kFloat32, Shape{1});
  g.AddNode("n1", OpKind::kRelu, {b}, {a});
  g.AddNode("n2", OpKind::kRelu, {a}, {b});
  g.AddOutput(b);
  auto order = g.TopologicalOrder();
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.status().message().find("cycle"), std::string::npos);
  EXPECT_FALSE(VerifyGraph(g).ok());
}

TEST(GraphTest, VerifierCatchesMissingProducer) {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{1});
  ValueId dangling = g.AddValue("dangling", DType::kFloat32, Shape{1});
  ValueId y = g.AddValue("y", DType::kFloat32, Shape{1});
  g.AddInput(x);
  g.AddNode("add", OpKind::kAdd, {x, dangling}, {y});
  g.AddOutput(y);
  Status s = VerifyGraph(g);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidGraph);
  EXPECT_NE(s.message().find("op 'add' (add) input #1 'dangling'"), std::string::npos) << s.message();
}

TEST(GraphTest, PrinterShowsAttrsAndConstants) {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{kUnknownDim, 3, 8, 8});
  g.AddInput(x);
  ValueId w = g.AddConstant("w", testing::RandomTensor({4, 3, 3, 3}, 1));
  ValueId y = g.AddValue("y", DType::kFloat32, Shape{});
  Conv2dAttrs attrs;
  attrs.pads = {1, 1, 1, 1};
  g.AddNode("conv", OpKind::kConv2d, {x, w, kNoValue}, {y}, attrs);
  g.AddOutput(y);
  std::string text = PrintGraph(g);
  EXPECT_NE(text.find("graph(%x: f32[?,3,8,8])"), std::string::npos) << text;
  EXPECT_NE(text.find("conv2d(%x, $w: f32[4,3,3,3], _) {strides=[1,1], pads=[1,1,1,1]"), std::string::npos) << text;
}

}  // namespace
}  // namespace oar::ir
