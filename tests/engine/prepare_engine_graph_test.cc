// Tests of PrepareEngineGraph + the kEngine kernel: partitioned graphs run through the native
// executor give the native results (small net and the shared ResNet-CIFAR10 model), dynamic batches
// run without rebuilding, out-of-range errors reach the caller, use_static loads the second time,
// and executors sharing a prepared graph share its engine.
#include "engine/prepare_engine_graph.h"

#include <gmock/gmock.h>

#include <filesystem>
#include <iostream>

#include "engine/engine.h"
#include "engine/engine_kernel.h"
#include "engine_test_util.h"
#include "frontends/paddle/paddle_loader.h"
#include "passes/pipelines.h"
#include "runtime/single_op.h"

namespace oar::engine {
namespace {

using ::testing::HasSubstr;

std::vector<ir::NodeId> EngineNodes(const ir::Graph& g) { return partition::testing::EngineNodes(g); }

struct Prepared {
  ir::Graph graph;
  std::vector<std::string> lines;
  std::vector<EngineNodeReport> report;
};

Prepared Prepare(ir::Graph g, EngineOptions opts) {
  Prepared p;
  opts.progress = [&p](const std::string& l) { p.lines.push_back(l); };
  Status s = PrepareEngineGraph(g, opts, &p.report);
  OAR_CHECK_MSG(s.ok(), s.ToString());
  p.graph = std::move(g);
  return p;
}

int CountLines(const std::vector<std::string>& lines, const std::string& what) {
  int n = 0;
  for (const auto& l : lines) n += l.find(what) != std::string::npos;
  return n;
}

TEST(PrepareEngineGraphTest, SmallNetMatchesNativeAcrossDynamicBatches) {
  ir::Graph g = testing::SmallConvNet();
  EngineOptions opts;
  OAR_ASSERT_OK(opts.builder.profile.Add("x", Shape{1, 3, 9, 11}, Shape{2, 3, 9, 11}, Shape{6, 3, 9, 11}));
  Prepared p = Prepare(g, opts);
  ASSERT_EQ(EngineNodes(p.graph).size(), 1u);
  EXPECT_EQ(p.graph.LiveNodes().size(), 1u);
  ASSERT_EQ(p.report.size(), 1u);
  EXPECT_EQ(p.report[0].name, "cpu_engine_0");
  EXPECT_EQ(p.report[0].layers, 5);
  EXPECT_FALSE(p.report[0].loaded);
  EXPECT_EQ(CountLines(p.lines, "building cpu_engine_0: 5 layers"), 1);
  EXPECT_EQ(CountLines(p.lines, "tactic"), 5);

  auto shared = std::make_shared<const ir::Graph>(p.graph);
  OAR_ASSERT_OK_AND_ASSIGN(auto executor, runtime::Executor::Create(shared, runtime::ExecutorOptions{}));
  EXPECT_THAT(executor->KernelChoices(), ::testing::ElementsAre("cpu_engine_0: engine"));
  uint64_t seed = 40;
  for (int64_t batch : {2, 6, 1, 4}) {
    Tensor x = oar::testing::RandomTensor(Shape{batch, 3, 9, 11}, seed++);
    std::vector<Tensor> got;
    OAR_ASSERT_OK(executor->Run({x}, &got));
    OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, testing::RunNative(g, {x}));
    ASSERT_EQ(got.size(), 2u);
    for (size_t o = 0; o < 2; ++o) EXPECT_TRUE(oar::testing::TensorsNear(got[o], want[o], 1e-5, 1e-6)) << batch;
  }
  std::vector<Tensor> out;
  Status s = executor->Run({oar::testing::RandomTensor(Shape{7, 3, 9, 11}, 1)}, &out);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("engine 'cpu_engine_0': input 'x' shape [7,3,9,11] is outside the profile range "
                                     "min [1,3,9,11] max [6,3,9,11]"));
}

TEST(PrepareEngineGraphTest, InnerSubgraphInputsGetDerivedRanges) {
  // sqrt stays native (deny list), so the engine starts at its output.
  partition::testing::GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 5, 7});
  ir::ValueId s = b.Op("head", ir::OpKind::kSqrt, {x});
  ir::ValueId r = b.Op("r0", ir::OpKind::kRelu, {s});
  ir::ValueId t = b.Op("t0", ir::OpKind::kTanh, {r});
  b.Output(b.Op("g0", ir::OpKind::kSigmoid, {t}));
  ir::Graph g = b.Build();
  EngineOptions opts;
  opts.deny_node_names = {"head"};
  OAR_ASSERT_OK(opts.builder.profile.Add("x", Shape{1, 5, 7}, Shape{2, 5, 7}, Shape{3, 5, 7}));
  Prepared p = Prepare(g, opts);
  ASSERT_EQ(EngineNodes(p.graph).size(), 1u);
  const auto& attrs = p.graph.node(EngineNodes(p.graph)[0]).attr<ir::EngineAttrs>();
  std::shared_ptr<const Engine> engine = Engine::FromSubgraph(attrs.subgraph);
  ASSERT_NE(engine, nullptr);
  const ShapeRange* range = engine->plan().data().profile.Find("head.out");
  ASSERT_NE(range, nullptr);
  EXPECT_EQ(range->min, (Shape{1, 5, 7}));
  EXPECT_EQ(range->max, (Shape{3, 5, 7}));
  Tensor in = oar::testing::RandomTensor(Shape{3, 5, 7}, 3, 0.0f, 2.0f);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, testing::RunNative(g, {in}));
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, testing::RunNative(p.graph, {in}));
  EXPECT_TRUE(oar::testing::TensorsNear(got[0], want[0], 1e-5, 1e-6));
}

TEST(PrepareEngineGraphTest, UseStaticLoadsTheSecondTime) {
  std::string dir = oar::testing::TempDir() + "/prepare_static";
  std::filesystem::remove_all(dir);
  EngineOptions opts;
  opts.use_static = true;
  opts.model_dir = dir;
  opts.builder.max_batch_size = 2;
  Prepared first = Prepare(testing::SmallConvNet(), opts);
  ASSERT_EQ(first.report.size(), 1u);
  EXPECT_FALSE(first.report[0].loaded);
  EXPECT_EQ(first.report[0].plan_path.rfind(dir + "/_opt_cache/", 0), 0u) << first.report[0].plan_path;
  EXPECT_TRUE(std::filesystem::exists(dir + "/_opt_cache/timing.cache"));
  Prepared second = Prepare(testing::SmallConvNet(), opts);
  EXPECT_TRUE(second.report[0].loaded);
  EXPECT_EQ(CountLines(second.lines, "building"), 0);
  EXPECT_EQ(CountLines(second.lines, "loaded plan " + first.report[0].plan_path), 1);
  Tensor x = oar::testing::RandomTensor(Shape{2, 3, 9, 11}, 77);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, testing::RunNative(testing::SmallConvNet(), {x}));
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, testing::RunNative(second.graph, {x}));
  EXPECT_TRUE(oar::testing::TensorsNear(got[0], want[0], 1e-5, 1e-6));
  // use_static with nowhere to put the cache is an error and leaves the graph alone.
  EngineOptions nowhere;
  nowhere.use_static = true;
  ir::Graph g = testing::SmallConvNet();
  Status s = PrepareEngineGraph(g, nowhere);
  EXPECT_THAT(s.message(), HasSubstr("use_static needs a cache directory"));
  EXPECT_EQ(EngineNodes(g).size(), 0u);
}

TEST(PrepareEngineGraphTest, ExecutorsOnOnePreparedGraphShareTheEngine) {
  EngineOptions opts;
  opts.builder.max_batch_size = 3;
  opts.builder.timing = false;
  Prepared p = Prepare(testing::SmallConvNet(), opts);
  auto shared = std::make_shared<const ir::Graph>(p.graph);
  ir::Graph copy = p.graph;  // a copy (as a clone holds) keeps the same engine
  const auto& a1 = shared->node(EngineNodes(*shared)[0]).attr<ir::EngineAttrs>();
  const auto& a2 = copy.node(EngineNodes(copy)[0]).attr<ir::EngineAttrs>();
  EXPECT_EQ(Engine::FromSubgraph(a1.subgraph), Engine::FromSubgraph(a2.subgraph));
  OAR_ASSERT_OK_AND_ASSIGN(auto e1, runtime::Executor::Create(shared, runtime::ExecutorOptions{}));
  OAR_ASSERT_OK_AND_ASSIGN(auto e2, runtime::Executor::Create(shared, runtime::ExecutorOptions{}));
  Tensor x1 = oar::testing::RandomTensor(Shape{3, 3, 9, 11}, 5);
  Tensor x2 = oar::testing::RandomTensor(Shape{1, 3, 9, 11}, 6);
  std::vector<Tensor> y1, y2;
  OAR_ASSERT_OK(e1->Run({x1}, &y1));
  OAR_ASSERT_OK(e2->Run({x2}, &y2));
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> w1, testing::RunNative(testing::SmallConvNet(), {x1}));
  EXPECT_TRUE(oar::testing::TensorsNear(y1[0], w1[0], 1e-5, 1e-6));  // e2's run did not disturb e1's outputs
  Status batch = e2->Run({oar::testing::RandomTensor(Shape{4, 3, 9, 11}, 7)}, &y2);
  EXPECT_THAT(batch.message(), HasSubstr("batch 4 exceeds max_batch_size 3"));
}

TEST(PrepareEngineGraphTest, ErrorsNameTheEngine) {
  EngineOptions int8;
  int8.builder.precision = Precision::kInt8;
  ir::Graph g = testing::SmallConvNet(1);
  Status s = PrepareEngineGraph(g, int8);
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_THAT(s.message(), HasSubstr("engine 'cpu_engine_0': engine builder: int8 CPU tactics are not implemented"));
  EXPECT_EQ(EngineNodes(g).size(), 0u);
  EngineOptions dyn;  // dynamic batch without a profile is fine (max_batch_size), but a bad profile is not
  OAR_ASSERT_OK(dyn.builder.profile.Add("nope", Shape{1}, Shape{1}, Shape{1}));
  ir::Graph g2 = testing::SmallConvNet();
  Status p = PrepareEngineGraph(g2, dyn);
  EXPECT_THAT(p.message(), HasSubstr("engine 'cpu_engine_0': engine profile: model input 'x' has dynamic shape"));
}

TEST(PrepareEngineGraphTest, ResNetCifar10MatchesNative) {
  std::string dir = oar::testing::ModelDir("paddle-resnet-cifar10-separate");
  if (dir.empty()) GTEST_SKIP() << "shared model paddle-resnet-cifar10-separate not present";
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, frontends::paddle::LoadModel(dir));
  passes::PipelineOptions popts;
  popts.passes.constant_folding.evaluator = [](const ir::Node& node, const std::vector<const Tensor*>& inputs) {
    return runtime::RunSingleOp(node, inputs);
  };
  OAR_ASSERT_OK(passes::RunDefaultPipeline(g, popts));
  ASSERT_EQ(g.inputs().size(), 1u);
  const std::string input = g.value(g.inputs()[0]).name;
  EngineOptions opts;
  OAR_ASSERT_OK(opts.builder.profile.Add(input, Shape{1, 3, 32, 32}, Shape{2, 3, 32, 32}, Shape{4, 3, 32, 32}));
  Prepared p = Prepare(g, opts);
  ASSERT_EQ(EngineNodes(p.graph).size(), 1u);
  EXPECT_GT(p.report[0].layers, 10);
  auto shared = std::make_shared<const ir::Graph>(p.graph);
  OAR_ASSERT_OK_AND_ASSIGN(auto executor, runtime::Executor::Create(shared, runtime::ExecutorOptions{}));
  EXPECT_THAT(executor->KernelChoices(), ::testing::ElementsAre("cpu_engine_0: engine"));
  EXPECT_EQ(CountLines(p.lines, "built cpu_engine_0 in"), 1);
  for (const std::string& l : p.lines) std::cout << l << "\n";
  for (int64_t batch : {2, 4, 1}) {
    Tensor image = oar::testing::RandomTensor(Shape{batch, 3, 32, 32}, 90 + static_cast<uint64_t>(batch), 0, 1);
    std::vector<Tensor> got;
    OAR_ASSERT_OK(executor->Run({image}, &got));
    OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, testing::RunNative(g, {image}));
    ASSERT_EQ(got.size(), want.size());
    for (size_t o = 0; o < got.size(); ++o) EXPECT_TRUE(oar::testing::TensorsNear(got[o], want[o], 1e-5, 1e-6));
  }
}

}  // namespace
}  // namespace oar::engine
