// Grouping analysis alone (no rewrite): decisions, reasons, order, and how the backend is asked.
#include "partition/grouping.h"

#include "partition/partition_test_util.h"

namespace oar::partition {
namespace {

using ir::OpKind;
using ::testing::ElementsAre;
using testing::FakeBackend;
using testing::GraphBuilder;
using ::testing::HasSubstr;

const std::set<OpKind> kKinds = {OpKind::kRelu, OpKind::kSigmoid, OpKind::kExp, OpKind::kAdd};

PartitionOptions Options(int min_size) {
  PartitionOptions o;
  o.backend = "fake";
  o.min_subgraph_size = min_size;
  return o;
}

std::vector<std::string> Names(const ir::Graph& g, const std::vector<ir::NodeId>& ids) {
  std::vector<std::string> out;
  for (ir::NodeId id : ids) out.push_back(g.node(id).name);
  return out;
}

std::vector<std::string> NativeNames(const ir::Graph& g, const Grouping& grouping) {
  std::vector<ir::NodeId> ids;
  for (const NativeDecision& d : grouping.native) ids.push_back(d.node);
  return Names(g, ids);
}

// Nodes stored out of topological order: groups and native lists still come in topological order.
TEST(GroupingTest, ResultsFollowTopologicalOrderNotStorage) {
  ir::Graph g;
  ir::ValueId x = g.AddValue("x", DType::kFloat32, Shape{2});
  g.AddInput(x);
  std::vector<ir::ValueId> v;
  for (int i = 0; i < 5; ++i) v.push_back(g.AddValue("v" + std::to_string(i), DType::kFloat32, Shape{2}));
  // Chain x -> c0 -> c1 -> t -> c3 -> c4, stored backwards.
  g.AddNode("c4", OpKind::kExp, {v[3]}, {v[4]});
  g.AddNode("c3", OpKind::kSigmoid, {v[2]}, {v[3]});
  g.AddNode("t", OpKind::kTanh, {v[1]}, {v[2]});
  g.AddNode("c1", OpKind::kRelu, {v[0]}, {v[1]});
  g.AddNode("c0", OpKind::kRelu, {x}, {v[0]});
  g.AddOutput(v[4]);
  OAR_ASSERT_OK_AND_ASSIGN(Grouping r, FindEngineGroups(g, FakeBackend(kKinds), Options(2)));
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_THAT(Names(g, r.groups[0]), ElementsAre("c0", "c1"));
  EXPECT_THAT(Names(g, r.groups[1]), ElementsAre("c3", "c4"));
  EXPECT_THAT(NativeNames(g, r), ElementsAre("t"));
}

// The backend is asked once per live node, never for denied or removed nodes.
TEST(GroupingTest, BackendAskedOncePerLiveUndeniedNode) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3});
  ir::ValueId a = b.Op("a", OpKind::kRelu, {x});
  ir::ValueId d = b.Op("d", OpKind::kSigmoid, {a});
  b.Op("dead", OpKind::kExp, {d});
  b.Output(b.Op("k", OpKind::kExp, {d}));
  ir::Graph g = b.Build();
  for (ir::NodeId id : g.LiveNodes()) {
    if (g.node(id).name == "dead") g.RemoveNode(id);
  }
  std::vector<std::string> asked;
  CapabilityFn spy = [&](const ir::Graph& graph, ir::NodeId id) {
    asked.push_back(graph.node(id).name);
    return SupportResult::Yes();
  };
  PartitionOptions o = Options(1);
  o.deny_node_names = {"d"};
  OAR_ASSERT_OK_AND_ASSIGN(Grouping r, FindEngineGroups(g, spy, o));
  EXPECT_THAT(asked, ElementsAre("a", "k"));
  EXPECT_THAT(NativeNames(g, r), ElementsAre("d"));
  EXPECT_EQ(r.native[0].reason, "denied by the user (DisableEngineOps)");
}

TEST(GroupingTest, ReasonsForEngineNodesAndSilentBackends) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3});
  b.Output(b.Op("t", OpKind::kTanh, {b.Op("r", OpKind::kRelu, {x})}));
  ir::Graph g = b.Build();
  // An existing engine node is never regrouped.
  auto sub = std::make_shared<ir::Graph>(g);
  ir::Graph parent;
  ir::ValueId px = parent.AddValue("x", DType::kFloat32, Shape{3});
  parent.AddInput(px);
  ir::ValueId py = parent.AddValue("t.out", DType::kFloat32, Shape{3});
  parent.AddNode("old_engine", OpKind::kEngine, {px}, {py}, ir::EngineAttrs{"gpu", sub});
  parent.AddOutput(py);
  CapabilityFn silent = [](const ir::Graph&, ir::NodeId) { return SupportResult{false, ""}; };
  OAR_ASSERT_OK_AND_ASSIGN(Grouping r1, FindEngineGroups(parent, FakeBackend(kKinds), Options(1)));
  ASSERT_EQ(r1.native.size(), 1u);
  EXPECT_EQ(r1.native[0].reason, "already an engine node (backend gpu)");
  OAR_ASSERT_OK_AND_ASSIGN(Grouping r2, FindEngineGroups(g, silent, PartitionOptions{}));
  ASSERT_EQ(r2.native.size(), 2u);
  EXPECT_EQ(r2.native[0].reason, "not supported by backend (unnamed): (the backend gave no reason)");
}

// min_subgraph_size below 1 means every supported node may form an engine.
TEST(GroupingTest, NonPositiveMinSizeActsAsOne) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3});
  b.Output(b.Op("r2", OpKind::kRelu, {b.Op("t", OpKind::kTanh, {b.Op("r1", OpKind::kRelu, {x})})}));
  ir::Graph g = b.Build();
  for (int m : {0, -4}) {
    OAR_ASSERT_OK_AND_ASSIGN(Grouping r, FindEngineGroups(g, FakeBackend(kKinds), Options(m)));
    EXPECT_EQ(r.groups.size(), 2u);
    EXPECT_THAT(NativeNames(g, r), ElementsAre("t"));
  }
}

// The consumer whose producers sit in two clusters, one of which reaches the other through a
// native node, joins the reachable one; the first stays whole.
//   x -> a1 -> a2 -> n (native) -> b1 ; add(a2, b1) -> c
TEST(GroupingTest, JoinsTheClusterThatDoesNotCloseACycle) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{4});
  ir::ValueId a2 = b.Op("a2", OpKind::kSigmoid, {b.Op("a1", OpKind::kRelu, {x})});
  ir::ValueId b1 = b.Op("b1", OpKind::kExp, {b.Op("n", OpKind::kTanh, {a2})});
  b.Output(b.Op("c", OpKind::kRelu, {b.Op("add", OpKind::kAdd, {a2, b1})}));
  ir::Graph g = b.Build();
  OAR_ASSERT_OK_AND_ASSIGN(Grouping r, FindEngineGroups(g, FakeBackend(kKinds), Options(2)));
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_THAT(Names(g, r.groups[0]), ElementsAre("a1", "a2"));
  EXPECT_THAT(Names(g, r.groups[1]), ElementsAre("b1", "add", "c"));
}

// A long ladder (chain with a native side branch on every rung) stays linear in practice and
// yields one group per rung.
//   h_i -> r_i -> t_i (native) -> add_i(r_i, t_i) -> h_{i+1}
TEST(GroupingTest, LongLadderGivesOneGroupPerRung) {
  GraphBuilder b;
  ir::ValueId h = b.Input("x", Shape{2});
  const int rungs = 400;
  for (int i = 0; i < rungs; ++i) {
    std::string s = std::to_string(i);
    ir::ValueId r = b.Op("r" + s, OpKind::kRelu, {h});
    ir::ValueId t = b.Op("t" + s, OpKind::kTanh, {r});
    h = b.Op("add" + s, OpKind::kAdd, {r, t});
  }
  b.Output(h);
  ir::Graph g = b.Build();
  OAR_ASSERT_OK_AND_ASSIGN(Grouping r, FindEngineGroups(g, FakeBackend(kKinds), Options(2)));
  // add_i and r_{i+1} group; r_0 and add_{last} are alone.
  EXPECT_EQ(r.groups.size(), static_cast<size_t>(rungs - 1));
  EXPECT_THAT(Names(g, r.groups[0]), ElementsAre("add0", "r1"));
  EXPECT_EQ(r.native.size(), static_cast<size_t>(rungs + 2));
  EXPECT_THAT(r.native.front().reason, HasSubstr("would create a cycle through op 't0' (tanh)"));
}

}  // namespace
}  // namespace oar::partition
