// Tests of the builder: a tactic for every layer, timings recorded once per layer signature,
// deterministic choice without timing, precision requests, and unfixable shapes.
#include "engine/builder.h"

#include <gmock/gmock.h>

#include "core/version.h"
#include "engine/cpu/onednn_network.h"
#include "engine_test_util.h"
#include "runtime/kernel.h"

namespace oar::engine {
namespace {

using ::testing::HasSubstr;

size_t NumConvKernels() {
  return runtime::KernelRegistry::Global().KernelsFor(ir::OpKind::kConv2d, runtime::DeviceType::kCpu).size();
}

TEST(BuilderTest, PicksATacticForEveryLayerAndRecordsTimings) {
  ir::Graph g = testing::SmallConvNet();
  BuilderConfig cfg;
  cfg.max_batch_size = 2;
  std::vector<std::string> lines;
  TimingCache cache;
  OAR_ASSERT_OK_AND_ASSIGN(Plan plan, Build(g, cfg, [&](const std::string& l) { lines.push_back(l); }, &cache));
  const PlanData& d = plan.data();
  ASSERT_EQ(d.layers.size(), 5u);
  std::vector<std::string> names;
  for (const LayerChoice& l : d.layers) {
    names.push_back(l.node);
    EXPECT_FALSE(l.tactic.empty()) << l.node;
  }
  EXPECT_THAT(names, ::testing::ElementsAre("conv_0", "pool_0", "conv_1", "relu_1", "sigmoid_0"));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_THAT(lines[0], HasSubstr("layer 1/5 conv2d 'conv_0': tactic "));
  EXPECT_THAT(lines[5], HasSubstr("built 5 layers in"));
#ifdef OAR_WITH_ONEDNN
  // The whole subgraph runs as one oneDNN network, profiled at the opt shapes: every layer has its
  // time inside it (recorded once per layer signature), and each line says how the layer runs.
  EXPECT_EQ(d.runner, "onednn");
  EXPECT_GT(d.layers[0].ms, 0.0);
  EXPECT_EQ(cache.size(), 5u);
  EXPECT_THAT(lines[0], HasSubstr("'conv_0': tactic onednn network: conv "));
  EXPECT_THAT(lines[3], HasSubstr("'relu_1': tactic onednn network: eltwise "));
  EXPECT_THAT(lines[5], HasSubstr("onednn network fp32"));
#else
  // Convs have more than one CPU kernel when oneDNN is built in: those are timed.
  EXPECT_EQ(d.runner, "layers");
  size_t conv_kernels = NumConvKernels();
  if (conv_kernels > 1) {
    EXPECT_GT(d.layers[0].ms, 0.0);
    EXPECT_GE(cache.size(), 2 * conv_kernels);
  }
#endif
  EXPECT_GT(d.arena.total_bytes, 0u);
  EXPECT_EQ(d.oar_version, OAR_VERSION_STRING);
  EXPECT_EQ(d.max_batch_size, 2);
}

TEST(BuilderTest, IdenticalLayersAreTimedOnce) {
  partition::testing::GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 4, 13, 7});
  ir::Conv2dAttrs c;
  c.pads = {1, 1, 1, 1};
  ir::ValueId wa = b.Const("wa", oar::testing::RandomTensor(Shape{5, 4, 3, 3}, 1));
  ir::ValueId wb = b.Const("wb", oar::testing::RandomTensor(Shape{5, 4, 3, 3}, 2));
  b.Output(b.Op("conv_a", ir::OpKind::kConv2d, {x, wa}, c));
  b.Output(b.Op("conv_b", ir::OpKind::kConv2d, {x, wb}, c));
  ir::Graph g = b.Build();
  size_t conv_kernels = NumConvKernels();
  if (conv_kernels < 2) GTEST_SKIP() << "only one conv2d kernel in this build: nothing to time";
  TimingCache cache;
  OAR_ASSERT_OK_AND_ASSIGN(Plan plan, Build(g, BuilderConfig{}, nullptr, &cache));
  if (plan.data().runner == "onednn") {
    // Registry tactics are not timed for the network runner; its per-layer time is one entry.
    EXPECT_EQ(cache.size(), 1u);
  } else {
    EXPECT_EQ(cache.size(), conv_kernels);  // one signature, every tactic once
  }
  EXPECT_EQ(plan.data().layers[0].tactic, plan.data().layers[1].tactic);
}

TEST(BuilderTest, WithoutTimingTheHighestPriorityKernelWins) {
  ir::Graph g = testing::SmallConvNet(1);
  BuilderConfig cfg;
  cfg.timing = false;
  TimingCache cache;
  OAR_ASSERT_OK_AND_ASSIGN(Plan plan, Build(g, cfg, nullptr, &cache));
  EXPECT_EQ(cache.size(), 0u);
  for (const LayerChoice& l : plan.data().layers) {
    ir::NodeId id = ir::kNoNode;
    for (ir::NodeId n : g.LiveNodes()) {
      if (g.node(n).name == l.node) id = n;
    }
    std::vector<DType> dts;
    for (ir::ValueId v : g.node(id).inputs) dts.push_back(g.value(v).dtype);
    auto best = runtime::KernelRegistry::Global().Find(g.node(id), runtime::DeviceType::kCpu, dts);
    ASSERT_TRUE(best.ok());
    EXPECT_EQ(l.tactic, best.value()->name) << l.node;
    EXPECT_EQ(l.ms, 0.0);
  }
}

TEST(BuilderTest, PrecisionRequests) {
  ir::Graph g = testing::SmallConvNet(1);
  BuilderConfig cfg;
  cfg.timing = false;
  cfg.precision = Precision::kFp16;
  OAR_ASSERT_OK_AND_ASSIGN(Plan fp16, Build(g, cfg));
  EXPECT_EQ(fp16.data().precision, Precision::kFp32);
  cfg.precision = Precision::kBf16;
  auto bf16 = Build(g, cfg);
#ifdef OAR_WITH_ONEDNN
  if (cpu::CpuSupportsBf16()) {
    ASSERT_TRUE(bf16.ok()) << bf16.status().ToString();
    EXPECT_EQ(bf16.value().data().precision, Precision::kBf16);
    EXPECT_EQ(bf16.value().data().runner, "onednn");
  } else {
    ASSERT_FALSE(bf16.ok());
    EXPECT_EQ(bf16.status().code(), ErrorCode::kUnsupported);
    EXPECT_THAT(bf16.status().message(), HasSubstr("engine builder: bf16 needs a CPU with avx512_bf16 or AMX"));
  }
#else
  ASSERT_FALSE(bf16.ok());
  EXPECT_EQ(bf16.status().code(), ErrorCode::kUnsupported);
  EXPECT_THAT(bf16.status().message(), HasSubstr("bf16 runs on the oneDNN runner, and this build has no oneDNN"));
#endif
  cfg.precision = Precision::kInt8;
  EXPECT_EQ(Build(g, cfg).status().code(), ErrorCode::kUnsupported);
}

TEST(BuilderTest, UnknownInnerDimNeedsAProfile) {
  partition::testing::GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, kUnknownDim});
  b.Output(b.Op("r", ir::OpKind::kRelu, {x}));
  ir::Graph g = b.Build();
  auto r = Build(g, BuilderConfig{});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("input 'x' has unknown dim 1 in [1,?]"));
  BuilderConfig cfg;
  OAR_ASSERT_OK(cfg.profile.Add("x", Shape{1, 3}, Shape{1, 17}, Shape{1, 64}));
  OAR_ASSERT_OK_AND_ASSIGN(Plan plan, Build(g, cfg));
  EXPECT_EQ(plan.data().arena.total_bytes, 0u);  // the only activation is the output
  EXPECT_EQ(plan.data().profile.Find("x")->opt, (Shape{1, 17}));
}

}  // namespace
}  // namespace oar::engine
