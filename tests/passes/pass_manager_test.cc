// PassManager: names checked before running, verification after every pass (errors name the
// pass), graph inputs/outputs kept, IR dumps, opt levels and per-pass statistics.
#include "passes/pass_manager.h"

#include <mutex>

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

// Test-only passes that break the graph in one specific way each.
template <int kWhich>
class BreakingPass final : public passes::Pass {
 public:
  explicit BreakingPass(const passes::PassOptions&) {}
  static const passes::PassInfo& Info() {
    static const char* const kNames[] = {"test_drop_output_producer", "test_rename_output", "test_unsort", "test_fail"};
    static const passes::PassInfo info{kNames[kWhich], 1, "breaks the graph (tests)"};
    return info;
  }
  const passes::PassInfo& info() const override { return Info(); }
  StatusOr<int> Run(ir::Graph& g) override {
    const ir::ValueId out = g.outputs()[0];
    if constexpr (kWhich == 0) {
      g.RemoveNode(g.value(out).producer);
    } else if constexpr (kWhich == 1) {
      ir::ValueId renamed = g.AddValue("renamed", g.value(out).dtype, g.value(out).shape);
      g.AddNode("copy", OpKind::kIdentity, {out}, {renamed});
      g.mutable_outputs()[0] = renamed;
    } else if constexpr (kWhich == 2) {
      // Node 1 reads a value that a node appended at the end produces: acyclic, but unsorted.
      const ir::ValueId y0 = g.node(0).outputs[0];
      ir::ValueId late = g.AddValue("late", g.value(y0).dtype, g.value(y0).shape);
      g.AddNode("late_node", OpKind::kExp, {y0}, {late});
      g.mutable_node(1).inputs[0] = late;
    } else {
      return Internal("test pass refused");
    }
    return 1;
  }
};

void RegisterBreakingPasses() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto& r = passes::PassRegistry::Global();
    auto add = [&r](const passes::PassInfo& info, passes::PassFactory f) { r.Register(info, std::move(f)); };
    add(BreakingPass<0>::Info(), [](const passes::PassOptions& o) { return std::make_unique<BreakingPass<0>>(o); });
    add(BreakingPass<1>::Info(), [](const passes::PassOptions& o) { return std::make_unique<BreakingPass<1>>(o); });
    add(BreakingPass<2>::Info(), [](const passes::PassOptions& o) { return std::make_unique<BreakingPass<2>>(o); });
    add(BreakingPass<3>::Info(), [](const passes::PassOptions& o) { return std::make_unique<BreakingPass<3>>(o); });
  });
}

// x -> conv -> add(bias) -> relu -> identity -> out, plus a dead sigmoid.
StatusOr<ir::Graph> SmallGraph() {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 3, 6, 6});
  ir::Conv2dAttrs conv;
  conv.pads = {1, 1, 1, 1};
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 3, 3, 3}, 1)}, conv, "conv");
  y = b.Op(OpKind::kAdd, {y, b.RandomConst("c", Shape{1, 4, 1, 1}, 2)}, ir::NoAttrs{}, "add");
  y = b.Op(OpKind::kRelu, {y}, ir::NoAttrs{}, "relu");
  b.Op(OpKind::kSigmoid, {y}, ir::NoAttrs{}, "dead");
  b.Output(b.Op(OpKind::kIdentity, {y}, ir::NoAttrs{}, "out"));
  return b.Build();
}

TEST(PassManager, UnknownPassNameFailsBeforeAnythingRuns) {
  auto pm = passes::PassManager::Create({"dead_code_elimination", "conv_bn_fusion"}, passes::PassOptions{});
  ASSERT_FALSE(pm.ok());
  EXPECT_EQ(pm.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(pm.status().message().find("pass manager: pipeline: pass registry: unknown pass 'conv_bn_fusion'"),
            std::string::npos)
      << pm.status().message();
  passes::PassManagerOptions options;
  options.dump_ir_after = {"fc_fuse", "no_such_pass"};
  pm = passes::PassManager::Create({"fc_fuse"}, passes::PassOptions{}, options);
  ASSERT_FALSE(pm.ok());
  EXPECT_NE(pm.status().message().find("dump_ir_after"), std::string::npos) << pm.status().message();
  EXPECT_NE(pm.status().message().find("'no_such_pass'"), std::string::npos) << pm.status().message();
}

TEST(PassManager, RunsPassesInOrderWithStats) {
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, SmallGraph());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(
      passes::PassManager pm,
      passes::PassManager::Create({"identity_elimination", "dead_code_elimination", "conv_bias_act_fuse"},
                                  TestPassOptions()));
  EXPECT_EQ(pm.pass_names(),
            (std::vector<std::string>{"identity_elimination", "dead_code_elimination", "conv_bias_act_fuse"}));
  OAR_ASSERT_OK(pm.Run(g));
  const auto& st = pm.stats();
  ASSERT_EQ(st.size(), 3u);
  EXPECT_TRUE(st[0].ran);
  EXPECT_EQ(st[0].nodes_before, 5);
  EXPECT_EQ(st[0].nodes_after, 4);
  EXPECT_EQ(st[0].nodes_removed, 1);
  EXPECT_EQ(st[1].nodes_after, 3);
  EXPECT_EQ(st[2].rewrites, 2);
  EXPECT_EQ(st[2].nodes_after, 1);
  EXPECT_EQ(st[2].nodes_removed, 2);
  EXPECT_EQ(st[2].nodes_added, 0);
  EXPECT_GE(st[2].ms, 0.0);
  EXPECT_EQ(CountLive(g), 1);
  EXPECT_EQ(g.value(g.outputs()[0]).name, "out.out");
  EXPECT_TRUE(SameOutputs(g, original, 5));
  const std::string table = passes::FormatPassStats(st);
  EXPECT_NE(table.find("conv_bias_act_fuse"), std::string::npos) << table;
  EXPECT_NE(table.find("3 -> 1"), std::string::npos) << table;
}

TEST(PassManager, DumpsIrAfterTheNamedPassesOrAll) {
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, SmallGraph());
  std::vector<std::pair<std::string, std::string>> dumps;
  passes::PassManagerOptions options;
  options.dump_ir_after = {"conv_bias_act_fuse"};
  options.dump = [&dumps](const std::string& pass, const std::string& text) { dumps.emplace_back(pass, text); };
  OAR_ASSERT_OK_AND_ASSIGN(
      passes::PassManager pm,
      passes::PassManager::Create({"dead_code_elimination", "conv_bias_act_fuse"}, TestPassOptions(), options));
  OAR_ASSERT_OK(pm.Run(g));
  ASSERT_EQ(dumps.size(), 1u);
  EXPECT_EQ(dumps[0].first, "conv_bias_act_fuse");
  EXPECT_NE(dumps[0].second.find("activation=relu"), std::string::npos) << dumps[0].second;
  EXPECT_NE(dumps[0].second.find("conv2d("), std::string::npos) << dumps[0].second;

  dumps.clear();
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g2, SmallGraph());
  options.dump_ir_after = {"all"};
  OAR_ASSERT_OK_AND_ASSIGN(
      passes::PassManager all,
      passes::PassManager::Create({"identity_elimination", "dead_code_elimination"}, TestPassOptions(), options));
  OAR_ASSERT_OK(all.Run(g2));
  ASSERT_EQ(dumps.size(), 2u);
  EXPECT_EQ(dumps[0].first, "identity_elimination");
  EXPECT_NE(dumps[0].second.find("sigmoid"), std::string::npos);
  EXPECT_EQ(dumps[1].second.find("sigmoid"), std::string::npos) << "dead code is gone after the second pass";
}

TEST(PassManager, OptLevelSkipsFusions) {
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, SmallGraph());
  passes::PassManagerOptions options;
  options.opt_level = 1;
  OAR_ASSERT_OK_AND_ASSIGN(
      passes::PassManager pm,
      passes::PassManager::Create({"dead_code_elimination", "conv_bias_act_fuse"}, TestPassOptions(), options));
  OAR_ASSERT_OK(pm.Run(g));
  EXPECT_TRUE(pm.stats()[0].ran);
  EXPECT_FALSE(pm.stats()[1].ran);
  EXPECT_EQ(CountKind(g, OpKind::kRelu), 1);
}

TEST(PassManager, VerifiesAfterEveryPassAndNamesThePass) {
  RegisterBreakingPasses();
  struct Case {
    const char* pass;
    std::vector<std::string> substrings;
  };
  const std::vector<Case> cases = {
      {"test_drop_output_producer", {"after pass 'test_drop_output_producer'", "graph output", "never produced"}},
      {"test_rename_output",
       {"after pass 'test_rename_output'", "graph output #0 changed from 'out.out'", "'renamed'"}},
      {"test_unsort", {"after pass 'test_unsort'", "topological order"}},
      {"test_fail", {"pass 'test_fail' failed", "test pass refused"}},
  };
  for (const Case& c : cases) {
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, SmallGraph());
    OAR_ASSERT_OK_AND_ASSIGN(passes::PassManager pm,
                             passes::PassManager::Create({"dead_code_elimination", c.pass}, TestPassOptions()));
    Status s = pm.Run(g);
    ASSERT_FALSE(s.ok()) << c.pass;
    for (const std::string& sub : c.substrings) {
      EXPECT_NE(s.message().find(sub), std::string::npos) << c.pass << ": " << s.message();
    }
  }
}

TEST(PassManager, RejectsAnInvalidInputGraph) {
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, SmallGraph());
  g.RemoveNode(0);  // the conv: its output is no longer produced
  OAR_ASSERT_OK_AND_ASSIGN(passes::PassManager pm,
                           passes::PassManager::Create({"dead_code_elimination"}, TestPassOptions()));
  Status s = pm.Run(g);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("pass manager: input graph: verifier"), std::string::npos) << s.message();
}

TEST(PassManager, StoredOrderCheck) {
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, SmallGraph());
  EXPECT_TRUE(passes::IsStoredOrderTopological(g));
  ir::ValueId late = g.AddValue("late", DType::kFloat32, Shape{1, 3, 6, 6});
  g.AddNode("late_node", OpKind::kExp, {g.inputs()[0]}, {late});
  g.mutable_node(0).inputs[0] = late;
  EXPECT_FALSE(passes::IsStoredOrderTopological(g));
}

}  // namespace
}  // namespace oar::testing
