// End-to-end partition tests with a fake backend (style.md §6): each case asserts the number of
// engine nodes, the native nodes left over and the boundaries (engine inputs/outputs by value
// name), and runs the partitioned graph against the original (engine nodes through the test
// kernel that executes their subgraph natively).
#include "partition/partitioner.h"

#include <random>

#include "frontends/paddle/paddle_loader.h"
#include "ir/printer.h"
#include "partition/partition_test_util.h"

namespace oar::partition {
namespace {

using ir::OpKind;
using ::testing::ElementsAre;
using testing::FakeBackend;
using testing::GraphBuilder;
using ::testing::HasSubstr;

// tanh is the op the fake backend lacks.
const std::set<OpKind> kFakeKinds = {OpKind::kRelu, OpKind::kSigmoid, OpKind::kExp,   OpKind::kAdd,
                                     OpKind::kMul,  OpKind::kSplit,   OpKind::kMatMul};

PartitionOptions Options(int min_size = 3) {
  PartitionOptions o;
  o.backend = "fake";
  o.min_subgraph_size = min_size;
  return o;
}

std::vector<std::string> MemberNames(const EngineGroupReport& g) {
  std::vector<std::string> out;
  for (const GroupMember& m : g.members) out.push_back(m.name);
  return out;
}

std::vector<std::string> NativeNames(const PartitionReport& r) {
  std::vector<std::string> out;
  for (const NativeNodeReport& n : r.native) out.push_back(n.name);
  return out;
}

const NativeNodeReport* FindNative(const PartitionReport& r, const std::string& name) {
  for (const NativeNodeReport& n : r.native) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

/// Partitions with the fake backend and checks the invariants every result must meet: the
/// graph verifies, stores its nodes in topological order, each engine node matches its report
/// entry, and it computes what the original computes on random inputs.
PartitionResult PartitionAndCheck(const ir::Graph& g, const PartitionOptions& options, uint64_t seed = 7) {
  auto result = PartitionGraph(g, FakeBackend(kFakeKinds), options);
  if (!result.ok()) {
    ADD_FAILURE() << result.status().ToString();
    return PartitionResult{};
  }
  const ir::Graph& out = result->graph;
  EXPECT_TRUE(ir::VerifyGraph(out).ok());
  auto order = out.TopologicalOrder();
  EXPECT_TRUE(order.ok());
  if (order.ok()) {
    EXPECT_EQ(order.value(), out.LiveNodes());
  }
  // Engine nodes <-> report groups, boundaries by name.
  std::vector<ir::NodeId> engines = testing::EngineNodes(out);
  EXPECT_EQ(engines.size(), result->report.groups.size());
  for (size_t k = 0; k < engines.size() && k < result->report.groups.size(); ++k) {
    const ir::Node& n = out.node(engines[k]);
    const EngineGroupReport& r = result->report.groups[k];
    EXPECT_EQ(n.name, r.engine_node);
    EXPECT_EQ(testing::ValueNames(out, n.inputs), r.inputs);
    EXPECT_EQ(testing::ValueNames(out, n.outputs), r.outputs);
    const auto& a = n.attr<ir::EngineAttrs>();
    EXPECT_EQ(a.backend, options.backend);
    EXPECT_EQ(a.subgraph->LiveNodes().size(), r.members.size());
    EXPECT_EQ(testing::ValueNames(*a.subgraph, a.subgraph->inputs()), r.inputs);
    EXPECT_EQ(testing::ValueNames(*a.subgraph, a.subgraph->outputs()), r.outputs);
  }
  EXPECT_EQ(result->report.num_ops(), static_cast<int>(g.LiveNodes().size()));
  EXPECT_EQ(testing::ValueNames(out, out.outputs()), testing::ValueNames(g, g.outputs()));
  // Numerics: same kernels on both sides, so the results agree to rounding.
  std::vector<Tensor> inputs;
  for (size_t i = 0; i < g.inputs().size(); ++i) {
    Shape s = g.value(g.inputs()[i]).shape;
    for (int d = 0; d < s.rank(); ++d) {
      if (s[d] < 0) s[d] = 3;
    }
    inputs.push_back(oar::testing::RandomTensor(s, seed + i, -2, 2));
  }
  auto want = testing::RunGraph(g, inputs);
  auto got = testing::RunGraph(out, inputs);
  EXPECT_TRUE(want.ok()) << want.status().ToString();
  EXPECT_TRUE(got.ok()) << got.status().ToString();
  if (want.ok() && got.ok()) {
    EXPECT_EQ(got->size(), want->size());
    for (size_t i = 0; i < want->size() && i < got->size(); ++i) {
      EXPECT_TRUE(oar::testing::TensorsNear((*got)[i], (*want)[i], 1e-6, 1e-6)) << "output " << i;
    }
  }
  return std::move(result).value();
}

// x -> r1 -> s1 -> e1 -> (out)
TEST(PartitionerTest, ChainBecomesOneEngineNode) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 5});
  b.Output(b.Op("e1", OpKind::kExp, {b.Op("s1", OpKind::kSigmoid, {b.Op("r1", OpKind::kRelu, {x})})}));
  PartitionResult r = PartitionAndCheck(b.Build(), Options());
  EXPECT_THAT(testing::NodeNames(r.graph), ElementsAre("fake_engine_0"));
  ASSERT_EQ(r.report.groups.size(), 1u);
  EXPECT_THAT(MemberNames(r.report.groups[0]), ElementsAre("r1", "s1", "e1"));
  EXPECT_THAT(r.report.groups[0].inputs, ElementsAre("x"));
  EXPECT_THAT(r.report.groups[0].outputs, ElementsAre("e1.out"));
  EXPECT_TRUE(r.report.native.empty());
  EXPECT_EQ(ir::PrintAttrs(r.graph.node(r.graph.LiveNodes()[0]).attrs), "{backend=fake, ops=3}");
}

// r1 -> s1 -> e1 -> t (native) -> r2 -> s2 -> e2
TEST(PartitionerTest, NativeOpSplitsChainIntoTwoGroups) {
  GraphBuilder b;
  ir::ValueId v = b.Input("x", Shape{kUnknownDim, 4});
  v = b.Op("e1", OpKind::kExp, {b.Op("s1", OpKind::kSigmoid, {b.Op("r1", OpKind::kRelu, {v})})});
  v = b.Op("t", OpKind::kTanh, {v});
  b.Output(b.Op("e2", OpKind::kExp, {b.Op("s2", OpKind::kSigmoid, {b.Op("r2", OpKind::kRelu, {v})})}));
  PartitionResult r = PartitionAndCheck(b.Build(), Options());
  EXPECT_THAT(testing::NodeNames(r.graph), ElementsAre("fake_engine_0", "t", "fake_engine_1"));
  ASSERT_EQ(r.report.groups.size(), 2u);
  EXPECT_THAT(r.report.groups[0].outputs, ElementsAre("e1.out"));
  EXPECT_THAT(r.report.groups[1].inputs, ElementsAre("t.out"));
  EXPECT_THAT(MemberNames(r.report.groups[1]), ElementsAre("r2", "s2", "e2"));
  ASSERT_EQ(r.report.native.size(), 1u);
  EXPECT_EQ(r.report.native[0].name, "t");
  EXPECT_EQ(r.report.native[0].kind, OpKind::kTanh);
  EXPECT_EQ(r.report.native[0].reason, "not supported by backend fake: fake backend has no tanh");
}

// Two independent branches of x give two engine nodes (groups are connected).
TEST(PartitionerTest, IndependentBranchesAreSeparateGroups) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3});
  b.Output(b.Op("e1", OpKind::kExp, {b.Op("s1", OpKind::kSigmoid, {b.Op("r1", OpKind::kRelu, {x})})}));
  b.Output(b.Op("e2", OpKind::kExp, {b.Op("s2", OpKind::kSigmoid, {b.Op("r2", OpKind::kRelu, {x})})}));
  PartitionResult r = PartitionAndCheck(b.Build(), Options());
  ASSERT_EQ(r.report.groups.size(), 2u);
  EXPECT_THAT(MemberNames(r.report.groups[0]), ElementsAre("r1", "s1", "e1"));
  EXPECT_THAT(MemberNames(r.report.groups[1]), ElementsAre("r2", "s2", "e2"));
  EXPECT_THAT(r.report.groups[0].inputs, ElementsAre("x"));
  EXPECT_THAT(r.report.groups[1].inputs, ElementsAre("x"));
}

//        r
//      /   \       (all supported)
//     a     b
//      \   /
//        m
TEST(PartitionerTest, DiamondIsOneGroup) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 6});
  ir::ValueId r0 = b.Op("r", OpKind::kRelu, {x});
  b.Output(b.Op("m", OpKind::kMul, {b.Op("a", OpKind::kSigmoid, {r0}), b.Op("b", OpKind::kExp, {r0})}));
  PartitionResult r = PartitionAndCheck(b.Build(), Options());
  ASSERT_EQ(r.report.groups.size(), 1u);
  EXPECT_THAT(MemberNames(r.report.groups[0]), ElementsAre("r", "a", "b", "m"));
  EXPECT_THAT(r.report.groups[0].inputs, ElementsAre("x"));
  EXPECT_THAT(r.report.groups[0].outputs, ElementsAre("m.out"));
}

// r -> split -> (out0 -> s -> graph output), (out1 -> t (native) -> graph output): the engine
// node exports split.out1 (read by t) and s.out (a graph output), in production order.
TEST(PartitionerTest, GroupWithSeveralOutputs) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 6});
  ir::SplitAttrs split;
  split.axis = 1;
  split.num = 2;
  auto parts = b.OpN("sp", OpKind::kSplit, {b.Op("r", OpKind::kRelu, {x})}, 2, split);
  b.Output(b.Op("s", OpKind::kSigmoid, {parts[0]}));
  b.Output(b.Op("t", OpKind::kTanh, {parts[1]}));
  PartitionResult r = PartitionAndCheck(b.Build(), Options());
  EXPECT_THAT(testing::NodeNames(r.graph), ElementsAre("fake_engine_0", "t"));
  ASSERT_EQ(r.report.groups.size(), 1u);
  EXPECT_THAT(MemberNames(r.report.groups[0]), ElementsAre("r", "sp", "s"));
  EXPECT_THAT(r.report.groups[0].outputs, ElementsAre("sp.out1", "s.out"));
  EXPECT_THAT(NativeNames(r.report), ElementsAre("t"));
}

// x -> r1 -> r2 -> r3 with r1.out also a graph output (declared after r3.out).
TEST(PartitionerTest, GraphOutputInsideGroupBecomesEngineOutput) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3, kUnknownDim});
  ir::ValueId r1 = b.Op("r1", OpKind::kRelu, {x});
  b.Output(b.Op("r3", OpKind::kExp, {b.Op("r2", OpKind::kSigmoid, {r1})}));
  b.Output(r1);
  PartitionResult r = PartitionAndCheck(b.Build(), Options());
  ASSERT_EQ(r.report.groups.size(), 1u);
  EXPECT_THAT(r.report.groups[0].outputs, ElementsAre("r1.out", "r3.out"));
  EXPECT_THAT(testing::ValueNames(r.graph, r.graph.outputs()), ElementsAre("r3.out", "r1.out"));
}

//  a1 -> a2 -> A ----------------> B -> b1 -> b2
//              └--> N (native) --┘
// A and B in one group would both feed N and wait for it.
TEST(PartitionerTest, NeverGroupsAcrossAPathThroughANativeNode) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 4});
  ir::ValueId a = b.Op("A", OpKind::kRelu, {b.Op("a2", OpKind::kExp, {b.Op("a1", OpKind::kSigmoid, {x})})});
  ir::ValueId n = b.Op("N", OpKind::kTanh, {a});
  ir::ValueId bb = b.Op("B", OpKind::kAdd, {n, a});
  b.Output(b.Op("b2", OpKind::kRelu, {b.Op("b1", OpKind::kSigmoid, {bb})}));
  PartitionResult r = PartitionAndCheck(b.Build(), Options());
  EXPECT_THAT(testing::NodeNames(r.graph), ElementsAre("fake_engine_0", "N", "fake_engine_1"));
  ASSERT_EQ(r.report.groups.size(), 2u);
  EXPECT_THAT(MemberNames(r.report.groups[0]), ElementsAre("a1", "a2", "A"));
  EXPECT_THAT(MemberNames(r.report.groups[1]), ElementsAre("B", "b1", "b2"));
  EXPECT_THAT(r.report.groups[0].outputs, ElementsAre("A.out"));
  EXPECT_THAT(r.report.groups[1].inputs, ElementsAre("N.out", "A.out"));
}

// x -> A -> N (native) -> B, A -> B: each alone is below min_subgraph_size, and the report says
// the cycle is why.
TEST(PartitionerTest, CycleLeavesSmallGroupsNativeWithReason) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 2});
  ir::ValueId a = b.Op("A", OpKind::kRelu, {x});
  b.Output(b.Op("B", OpKind::kAdd, {b.Op("N", OpKind::kTanh, {a}), a}));
  ir::Graph g = b.Build();

  PartitionResult r = PartitionAndCheck(g, Options(2));
  EXPECT_TRUE(r.report.groups.empty());
  EXPECT_THAT(NativeNames(r.report), ElementsAre("A", "N", "B"));
  const NativeNodeReport* na = FindNative(r.report, "A");
  const NativeNodeReport* nb = FindNative(r.report, "B");
  ASSERT_TRUE(na && nb);
  EXPECT_EQ(na->reason,
            "would create a cycle through op 'N' (tanh) if merged with the group of 'B'; alone, its group of 1 node "
            "is below min_subgraph_size 2");
  EXPECT_THAT(nb->reason, HasSubstr("would create a cycle through op 'N' (tanh) if merged with the group of 'A'"));

  // With min_subgraph_size 1 both become (separate) engine nodes.
  PartitionResult r1 = PartitionAndCheck(g, Options(1));
  EXPECT_THAT(testing::NodeNames(r1.graph), ElementsAre("fake_engine_0", "N", "fake_engine_1"));
}

// t1 (native) -> r -> s -> t2 (native): a group of 2.
TEST(PartitionerTest, GroupsBelowMinSizeStayNative) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{4});
  b.Output(b.Op("t2", OpKind::kTanh,
                {b.Op("s", OpKind::kSigmoid, {b.Op("r", OpKind::kRelu, {b.Op("t1", OpKind::kTanh, {x})})})}));
  ir::Graph g = b.Build();

  PartitionResult r3 = PartitionAndCheck(g, Options(3));
  EXPECT_TRUE(testing::EngineNodes(r3.graph).empty());
  EXPECT_THAT(NativeNames(r3.report), ElementsAre("t1", "r", "s", "t2"));
  EXPECT_EQ(FindNative(r3.report, "r")->reason, "group of 2 nodes is below min_subgraph_size 3");
  EXPECT_EQ(FindNative(r3.report, "s")->reason, "group of 2 nodes is below min_subgraph_size 3");
  EXPECT_EQ(ir::PrintGraph(r3.graph), ir::PrintGraph(g));

  PartitionResult r2 = PartitionAndCheck(g, Options(2));
  EXPECT_THAT(testing::NodeNames(r2.graph), ElementsAre("t1", "fake_engine_0", "t2"));
  EXPECT_THAT(NativeNames(r2.report), ElementsAre("t1", "t2"));
}

ir::Graph SixChain() {
  GraphBuilder b;
  ir::ValueId v = b.Input("x", Shape{kUnknownDim, 3});
  v = b.Op("e1", OpKind::kExp, {b.Op("s1", OpKind::kSigmoid, {b.Op("r1", OpKind::kRelu, {v})})});
  b.Output(b.Op("e2", OpKind::kExp, {b.Op("s2", OpKind::kSigmoid, {b.Op("r2", OpKind::kRelu, {v})})}));
  return b.Build();
}

TEST(PartitionerTest, DenyListByKind) {
  PartitionOptions o = Options(2);
  o.deny_kinds = {OpKind::kExp};
  PartitionResult r = PartitionAndCheck(SixChain(), o);
  EXPECT_THAT(testing::NodeNames(r.graph), ElementsAre("fake_engine_0", "e1", "fake_engine_1", "e2"));
  EXPECT_THAT(NativeNames(r.report), ElementsAre("e1", "e2"));
  EXPECT_EQ(r.report.native[0].reason, "denied by the user (DisableEngineOps)");
  EXPECT_THAT(MemberNames(r.report.groups[1]), ElementsAre("r2", "s2"));
}

TEST(PartitionerTest, DenyListByNodeName) {
  PartitionOptions o = Options(3);
  o.deny_node_names = {"s1"};
  PartitionResult r = PartitionAndCheck(SixChain(), o);
  EXPECT_THAT(testing::NodeNames(r.graph), ElementsAre("r1", "s1", "fake_engine_0"));
  ASSERT_EQ(r.report.groups.size(), 1u);
  EXPECT_THAT(MemberNames(r.report.groups[0]), ElementsAre("e1", "r2", "s2", "e2"));
  EXPECT_THAT(r.report.groups[0].inputs, ElementsAre("s1.out"));
  EXPECT_EQ(FindNative(r.report, "s1")->reason, "denied by the user (DisableEngineOps)");
  EXPECT_EQ(FindNative(r.report, "r1")->reason, "group of 1 node is below min_subgraph_size 3");
}

TEST(PartitionerTest, NothingSupportedLeavesGraphUnchanged) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 3});
  b.Output(b.Op("t2", OpKind::kTanh, {b.Op("t1", OpKind::kTanh, {x})}));
  ir::Graph g = b.Build();
  PartitionResult r = PartitionAndCheck(g, Options(1));
  EXPECT_TRUE(r.report.groups.empty());
  EXPECT_EQ(ir::PrintGraph(r.graph), ir::PrintGraph(g));
  ASSERT_EQ(r.report.native.size(), 2u);
  EXPECT_EQ(r.report.native[1].reason, "not supported by backend fake: fake backend has no tanh");
}

//        r0 ----------.
//        |            |
//        s1           t (native)
//        |            |
//        e1           s2
//        |            |
//        m <----------'
//        |
//        r3
// {r0, s1, e1} cannot take m (path r0 -> t -> s2 -> m); m joins s2 instead.
TEST(PartitionerTest, NestedDiamondWithNativeBranch) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 7});
  ir::ValueId r0 = b.Op("r0", OpKind::kRelu, {x});
  ir::ValueId e1 = b.Op("e1", OpKind::kExp, {b.Op("s1", OpKind::kSigmoid, {r0})});
  ir::ValueId s2 = b.Op("s2", OpKind::kSigmoid, {b.Op("t", OpKind::kTanh, {r0})});
  b.Output(b.Op("r3", OpKind::kRelu, {b.Op("m", OpKind::kAdd, {e1, s2})}));
  PartitionResult r = PartitionAndCheck(b.Build(), Options());
  EXPECT_THAT(testing::NodeNames(r.graph), ElementsAre("fake_engine_0", "t", "fake_engine_1"));
  ASSERT_EQ(r.report.groups.size(), 2u);
  EXPECT_THAT(MemberNames(r.report.groups[0]), ElementsAre("r0", "s1", "e1"));
  EXPECT_THAT(r.report.groups[0].outputs, ElementsAre("r0.out", "e1.out"));
  EXPECT_THAT(MemberNames(r.report.groups[1]), ElementsAre("s2", "m", "r3"));
  EXPECT_THAT(r.report.groups[1].inputs, ElementsAre("t.out", "e1.out"));
  EXPECT_THAT(NativeNames(r.report), ElementsAre("t"));
}

// A residual MLP with weights: engines hold the weights they use; a weight also read by a
// native op stays in the parent graph and is the same tensor object in both.
TEST(PartitionerTest, ResidualGraphWithSharedWeightMatchesOriginal) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 8});
  ir::ValueId w1 = b.Const("w1", oar::testing::RandomTensor({8, 8}, 1, -0.5f, 0.5f));
  ir::ValueId w2 = b.Const("w2", oar::testing::RandomTensor({8, 8}, 2, -0.5f, 0.5f));
  ir::ValueId bias = b.Const("bias", oar::testing::RandomTensor({8}, 3));
  ir::ValueId h = b.Op("mm1", OpKind::kMatMul, {x, w1}, ir::MatMulAttrs{});
  h = b.Op("mm2", OpKind::kMatMul, {b.Op("relu1", OpKind::kRelu, {h}), w2}, ir::MatMulAttrs{});
  h = b.Op("res", OpKind::kAdd, {h, x});
  ir::ValueId t = b.Op("t", OpKind::kTanh, {b.Op("relu2", OpKind::kRelu, {h})});
  ir::ValueId t2 = b.Op("t_bias", OpKind::kAdd, {t, bias});  // supported, but alone
  b.Output(b.Op("tt", OpKind::kTanh, {t2}));
  b.Output(b.Op("head", OpKind::kSigmoid, {b.Op("mm3", OpKind::kMatMul, {h, w1}, ir::MatMulAttrs{})}));
  ir::Graph g = b.Build();
  PartitionResult r = PartitionAndCheck(g, Options(), 21);
  ASSERT_EQ(r.report.groups.size(), 1u);
  EXPECT_THAT(MemberNames(r.report.groups[0]), ElementsAre("mm1", "relu1", "mm2", "res", "relu2", "mm3", "head"));
  EXPECT_THAT(NativeNames(r.report), ElementsAre("t", "t_bias", "tt"));
  // w1 and w2 moved into the engine; bias (read by native t_bias) stays outside.
  EXPECT_EQ(r.graph.FindValue("w1"), ir::kNoValue);
  EXPECT_EQ(r.graph.FindValue("w2"), ir::kNoValue);
  ASSERT_NE(r.graph.FindValue("bias"), ir::kNoValue);
  const auto& sub = *r.graph.node(testing::EngineNodes(r.graph)[0]).attr<ir::EngineAttrs>().subgraph;
  ASSERT_NE(sub.FindValue("w1"), ir::kNoValue);
  EXPECT_EQ(sub.value(sub.FindValue("w1")).constant, g.value(g.FindValue("w1")).constant);  // shared, not copied
}

// Random DAGs: every result verifies, computes the original's outputs, and is maximal: two
// engine nodes joined by an edge are also joined by a longer path (merging them would cycle).
TEST(PartitionerTest, RandomGraphsAreAcyclicMaximalAndExact) {
  std::mt19937 rng(1234);
  const OpKind unary[] = {OpKind::kRelu, OpKind::kSigmoid, OpKind::kTanh, OpKind::kTanh};
  const OpKind binary[] = {OpKind::kAdd, OpKind::kMul, OpKind::kAdd};
  for (int trial = 0; trial < 40; ++trial) {
    GraphBuilder b;
    std::vector<ir::ValueId> values = {b.Input("x", Shape{kUnknownDim, 5})};
    std::vector<int> uses = {0};
    const int n = 8 + static_cast<int>(rng() % 25);
    for (int i = 0; i < n; ++i) {
      // Prefer recent values so chains form, with occasional long edges.
      auto pick = [&]() {
        size_t k = values.size();
        size_t j = rng() % 3 ? k - 1 - rng() % std::min<size_t>(k, 3) : rng() % k;
        ++uses[j];
        return values[j];
      };
      std::string name = "n" + std::to_string(i);
      if (rng() % 3 == 0 && values.size() > 1) {
        values.push_back(b.Op(name, binary[rng() % 3], {pick(), pick()}));
      } else {
        values.push_back(b.Op(name, unary[rng() % 4], {pick()}));
      }
      uses.push_back(0);
    }
    for (size_t j = 1; j < values.size(); ++j) {
      if (uses[j] == 0 || rng() % 7 == 0) b.Output(values[j]);
    }
    ir::Graph g = b.Build();
    PartitionResult r = PartitionAndCheck(g, Options(1 + trial % 3), 100 + static_cast<uint64_t>(trial));
    // Maximality over engine pairs joined by a direct edge.
    const ir::Graph& out = r.graph;
    auto consumers = out.ComputeConsumers();
    auto succs = [&](ir::NodeId id) {
      std::set<ir::NodeId> s;
      for (ir::ValueId v : out.node(id).outputs)
        s.insert(consumers[static_cast<size_t>(v)].begin(), consumers[static_cast<size_t>(v)].end());
      return s;
    };
    for (ir::NodeId a : testing::EngineNodes(out)) {
      for (ir::NodeId bnode : succs(a)) {
        if (out.node(bnode).kind != OpKind::kEngine) continue;
        // Is bnode reachable from a through some other node?
        std::vector<ir::NodeId> stack;
        std::set<ir::NodeId> seen;
        for (ir::NodeId s : succs(a)) {
          if (s != bnode) stack.push_back(s);
        }
        bool longer_path = false;
        while (!stack.empty() && !longer_path) {
          ir::NodeId c = stack.back();
          stack.pop_back();
          if (!seen.insert(c).second) continue;
          for (ir::NodeId s : succs(c)) {
            if (s == bnode) longer_path = true;
            stack.push_back(s);
          }
        }
        EXPECT_TRUE(longer_path) << "trial " << trial << ": " << out.node(a).name << " and " << out.node(bnode).name
                                 << " could be one engine node\n"
                                 << ir::PrintGraph(g);
      }
    }
  }
}

// The real ResNet (CIFAR-10) with a backend lacking elementwise add: every residual add stays
// native, which cuts the network into many engine nodes; the outputs must not change.
TEST(PartitionerTest, ResNetCifar10PartitionedMatchesOriginal) {
  std::string dir = oar::testing::ModelDir("paddle-resnet-cifar10-separate");
  if (dir.empty()) GTEST_SKIP() << "shared model paddle-resnet-cifar10-separate not present";
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, frontends::paddle::LoadModel(dir));
  std::set<OpKind> kinds;
  for (ir::NodeId id : g.LiveNodes()) kinds.insert(g.node(id).kind);
  kinds.erase(OpKind::kAdd);
  PartitionOptions o = Options(3);
  OAR_ASSERT_OK_AND_ASSIGN(PartitionResult r, PartitionGraph(g, FakeBackend(kinds), o));
  OAR_EXPECT_OK(ir::VerifyGraph(r.graph));
  EXPECT_GT(r.report.groups.size(), 5u);
  for (const NativeNodeReport& n : r.report.native) {
    EXPECT_TRUE(n.kind == OpKind::kAdd || n.reason.find("below min_subgraph_size") != std::string::npos)
        << n.name << ": " << n.reason;
  }
  EXPECT_EQ(r.report.num_ops(), static_cast<int>(g.LiveNodes().size()));
  Tensor image = oar::testing::RandomTensor({2, 3, 32, 32}, 99, 0, 1);
  OAR_ASSERT_OK_AND_ASSIGN(auto want, testing::RunGraph(g, {image}));
  OAR_ASSERT_OK_AND_ASSIGN(auto got, testing::RunGraph(r.graph, {image}));
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_TRUE(oar::testing::TensorsNear(got[i], want[i], 1e-5, 1e-6));
}

TEST(PartitionerTest, CyclicGraphIsAnError) {
  ir::Graph g;
  ir::ValueId x = g.AddValue("x", DType::kFloat32, Shape{2});
  g.AddInput(x);
  ir::ValueId a = g.AddValue("a", DType::kFloat32, Shape{2});
  ir::ValueId c = g.AddValue("c", DType::kFloat32, Shape{2});
  g.AddNode("n1", OpKind::kAdd, {x, c}, {a});
  g.AddNode("n2", OpKind::kRelu, {a}, {c});
  g.AddOutput(c);
  auto r = PartitionGraph(g, FakeBackend(kFakeKinds), Options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidGraph);
  EXPECT_THAT(r.status().message(), HasSubstr("cycle"));
}

}  // namespace
}  // namespace oar::partition
