// Engine-node creation on hand-picked groups: subgraph boundaries, constants, names, order and
// the errors for groups the grouping analysis would never produce.
#include "partition/engine_node_builder.h"

#include "ir/printer.h"
#include "partition/partition_test_util.h"

namespace oar::partition {
namespace {

using ir::OpKind;
using ::testing::ElementsAre;
using testing::GraphBuilder;
using ::testing::HasSubstr;

ir::NodeId NodeByName(const ir::Graph& g, const std::string& name) {
  for (ir::NodeId id : g.LiveNodes()) {
    if (g.node(id).name == name) return id;
  }
  return ir::kNoNode;
}

std::vector<ir::NodeId> Nodes(const ir::Graph& g, const std::vector<std::string>& names) {
  std::vector<ir::NodeId> out;
  for (const std::string& n : names) out.push_back(NodeByName(g, n));
  return out;
}

//   x, y -> mm(x, w, _) -> r -> add(r, y) -> s -> (out)        w: constant, bias absent
//                          └-> t (native, out)
ir::Graph SampleGraph() {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 3});
  ir::ValueId y = b.Input("y", Shape{kUnknownDim, 5});
  ir::ValueId w = b.Const("w", oar::testing::RandomTensor({3, 5}, 4));
  ir::ValueId mm = b.Op("mm", OpKind::kMatMul, {x, w, ir::kNoValue}, ir::MatMulAttrs{});
  ir::ValueId r = b.Op("r", OpKind::kRelu, {mm});
  b.Output(b.Op("s", OpKind::kSigmoid, {b.Op("add", OpKind::kAdd, {r, y})}));
  b.Output(b.Op("t", OpKind::kTanh, {r}));
  return b.Build();
}

TEST(EngineNodeBuilderTest, ExtractSubgraphBoundariesAndConstants) {
  ir::Graph g = SampleGraph();
  std::vector<ir::ValueId> ins, outs;
  // Members in any order.
  OAR_ASSERT_OK_AND_ASSIGN(auto sub, ExtractSubgraph(g, Nodes(g, {"add", "mm", "r"}), &ins, &outs));
  EXPECT_THAT(testing::ValueNames(g, ins), ElementsAre("x", "y"));
  EXPECT_THAT(testing::ValueNames(g, outs), ElementsAre("r.out", "add.out"));
  EXPECT_THAT(testing::ValueNames(*sub, sub->inputs()), ElementsAre("x", "y"));
  EXPECT_THAT(testing::ValueNames(*sub, sub->outputs()), ElementsAre("r.out", "add.out"));
  EXPECT_THAT(testing::NodeNames(*sub), ElementsAre("mm", "r", "add"));
  const ir::Node& mm = sub->node(NodeByName(*sub, "mm"));
  ASSERT_EQ(mm.inputs.size(), 3u);
  EXPECT_EQ(mm.inputs[2], ir::kNoValue);  // absent bias stays absent
  EXPECT_EQ(sub->value(mm.inputs[1]).constant, g.value(g.FindValue("w")).constant);
  EXPECT_EQ(sub->value(mm.outputs[0]).shape, (Shape{kUnknownDim, 5}));
  OAR_EXPECT_OK(ir::VerifyGraph(*sub));
}

TEST(EngineNodeBuilderTest, ExtractSubgraphRejectsBadMembers) {
  ir::Graph g = SampleGraph();
  std::vector<ir::ValueId> ins, outs;
  auto dup = ExtractSubgraph(g, Nodes(g, {"r", "add", "r"}), &ins, &outs);
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(dup.status().message(), HasSubstr("node 'r' is listed twice"));
  g.RemoveNode(NodeByName(g, "t"));
  auto removed = ExtractSubgraph(g, {static_cast<ir::NodeId>(g.num_nodes() - 1)}, &ins, &outs);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(removed.status().message(), HasSubstr("is not a live node"));
}

TEST(EngineNodeBuilderTest, RewriteKeepsNamesDropsPrivateConstantsAndRunsTheSame) {
  ir::Graph g = SampleGraph();
  std::vector<EngineGroupReport> reports;
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph out, BuildEngineNodes(g, {Nodes(g, {"mm", "r", "add", "s"})}, "cpu", &reports));
  EXPECT_THAT(testing::NodeNames(out), ElementsAre("cpu_engine_0", "t"));
  const ir::Node& e = out.node(out.LiveNodes()[0]);
  EXPECT_EQ(e.kind, OpKind::kEngine);
  EXPECT_THAT(testing::ValueNames(out, e.inputs), ElementsAre("x", "y"));
  EXPECT_THAT(testing::ValueNames(out, e.outputs), ElementsAre("r.out", "s.out"));
  EXPECT_EQ(out.FindValue("w"), ir::kNoValue);        // only the engine read it
  EXPECT_EQ(out.FindValue("add.out"), ir::kNoValue);  // internal to the engine
  EXPECT_EQ(out.value(out.FindValue("s.out")).shape, (Shape{kUnknownDim, 5}));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].engine_node, "cpu_engine_0");
  EXPECT_EQ(reports[0].members.size(), 4u);
  EXPECT_EQ(reports[0].members[0].kind, OpKind::kMatMul);
  // Shape inference over the engine node agrees with what the ops inside produce.
  ir::Graph reinferred = out;
  OAR_ASSERT_OK(ir::InferShapes(reinferred));
  EXPECT_EQ(ir::PrintGraph(reinferred), ir::PrintGraph(out));

  Tensor x = oar::testing::RandomTensor({4, 3}, 8);
  Tensor y = oar::testing::RandomTensor({4, 5}, 9);
  OAR_ASSERT_OK_AND_ASSIGN(auto want, testing::RunGraph(g, {x, y}));
  OAR_ASSERT_OK_AND_ASSIGN(auto got, testing::RunGraph(out, {x, y}));
  ASSERT_EQ(got.size(), 2u);
  for (size_t i = 0; i < 2; ++i) EXPECT_TRUE(oar::testing::TensorsNear(got[i], want[i], 1e-6, 1e-6));
}

// A group stored before a native node it depends on is placed after it.
//   x -> a (group) ; x -> n (native) ; c = add(a, n) (group with a)
TEST(EngineNodeBuilderTest, EngineNodeIsPlacedAfterItsNativeProducers) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{6});
  ir::ValueId a = b.Op("a", OpKind::kRelu, {x});
  ir::ValueId n = b.Op("n", OpKind::kTanh, {x});
  b.Output(b.Op("c", OpKind::kAdd, {a, n}));
  ir::Graph g = b.Build();
  std::vector<EngineGroupReport> reports;
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph out, BuildEngineNodes(g, {Nodes(g, {"a", "c"})}, "", &reports));
  EXPECT_THAT(testing::NodeNames(out), ElementsAre("n", "engine_0"));
  EXPECT_THAT(reports[0].inputs, ElementsAre("x", "n.out"));
  OAR_ASSERT_OK_AND_ASSIGN(auto order, out.TopologicalOrder());
  EXPECT_EQ(order, out.LiveNodes());
}

// Engine names skip names already taken by nodes; numbering follows the rewritten order.
TEST(EngineNodeBuilderTest, EngineNamesAreUnique) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{6});
  ir::ValueId v = b.Op("fake_engine_0", OpKind::kRelu, {x});
  v = b.Op("t", OpKind::kTanh, {v});
  b.Output(b.Op("s", OpKind::kSigmoid, {v}));
  ir::Graph g = b.Build();
  std::vector<EngineGroupReport> reports;
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph out,
                           BuildEngineNodes(g, {Nodes(g, {"s"}), Nodes(g, {"fake_engine_0"})}, "fake", &reports));
  EXPECT_THAT(testing::NodeNames(out), ElementsAre("fake_engine_1", "t", "fake_engine_2"));
  EXPECT_EQ(reports[0].members[0].name, "fake_engine_0");
}

// A group reading only constants becomes an engine node without inputs.
TEST(EngineNodeBuilderTest, GroupOfConstantsOnlyHasNoInputs) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3});
  ir::ValueId c = b.Const("c", oar::testing::RandomTensor({2, 3}, 5));
  ir::ValueId k = b.Op("k2", OpKind::kExp, {b.Op("k1", OpKind::kSigmoid, {c})});
  b.Output(b.Op("mix", OpKind::kTanh, {b.Op("join", OpKind::kMul, {x, k})}));
  ir::Graph g = b.Build();
  std::vector<EngineGroupReport> reports;
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph out, BuildEngineNodes(g, {Nodes(g, {"k1", "k2"})}, "fake", &reports));
  ir::NodeId e = testing::EngineNodes(out).at(0);
  EXPECT_TRUE(out.node(e).inputs.empty());
  EXPECT_EQ(out.FindValue("c"), ir::kNoValue);
  Tensor xv = oar::testing::RandomTensor({2, 3}, 6);
  OAR_ASSERT_OK_AND_ASSIGN(auto want, testing::RunGraph(g, {xv}));
  OAR_ASSERT_OK_AND_ASSIGN(auto got, testing::RunGraph(out, {xv}));
  EXPECT_TRUE(oar::testing::TensorsNear(got[0], want[0], 1e-6, 1e-6));
}

TEST(EngineNodeBuilderTest, RejectsOverlappingAndCyclicGroups) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2});
  ir::ValueId a = b.Op("A", OpKind::kRelu, {x});
  b.Output(b.Op("B", OpKind::kAdd, {b.Op("N", OpKind::kTanh, {a}), a}));
  ir::Graph g = b.Build();
  std::vector<EngineGroupReport> reports;
  auto overlap = BuildEngineNodes(g, {Nodes(g, {"A"}), Nodes(g, {"A", "B"})}, "fake", &reports);
  ASSERT_FALSE(overlap.ok());
  EXPECT_THAT(overlap.status().message(), HasSubstr("node 'A' is in two engine groups"));
  auto cyclic = BuildEngineNodes(g, {Nodes(g, {"A", "B"})}, "fake", &reports);
  ASSERT_FALSE(cyclic.ok());
  EXPECT_EQ(cyclic.status().code(), ErrorCode::kInvalidGraph);
  EXPECT_THAT(cyclic.status().message(), HasSubstr("would make a cycle"));
  EXPECT_TRUE(reports.empty());
}

}  // namespace
}  // namespace oar::partition
