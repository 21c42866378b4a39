// Whole-model checks of the CPU engine's oneDNN runner (src/engine/cpu/onednn_network.h) on zoo
// models: ResNet-50 and MobileNet-v1 through PrepareEngineGraph (the path Config::EnableEngine
// takes) match the native executor within 1e-4 relative in FP32, and in BF16 keep cosine >= 0.999
// and the same top-1 class. The file sits with the zoo tests because it needs the zoo library,
// which oar_engine_tests does not link.
#include <gmock/gmock.h>

#include <cmath>
#include <random>

#include "engine/cpu/onednn_network.h"
#include "engine/engine.h"
#include "engine/prepare_engine_graph.h"
#include "frontends/paddle/paddle_loader.h"
#include "passes/pipelines.h"
#include "runtime/executor.h"
#include "runtime/single_op.h"
#include "test_util.h"
#include "zoo/zoo.h"

#ifdef OAR_WITH_ONEDNN

namespace oar::engine {
namespace {

ir::Graph ZooGraph(const std::string& name) {
  const std::string dir = oar::testing::TempDir() + "/onednn_zoo_" + name;
  Status s = zoo::WriteZooModel(name, dir, zoo::ZooFormat::kPaddle);
  OAR_CHECK_MSG(s.ok(), s.ToString());
  auto g = frontends::paddle::LoadModel(dir);
  OAR_CHECK_MSG(g.ok(), g.status().ToString());
  passes::PipelineOptions popts;
  popts.passes.constant_folding.evaluator = [](const ir::Node& node, const std::vector<const Tensor*>& inputs) {
    return runtime::RunSingleOp(node, inputs);
  };
  s = passes::RunDefaultPipeline(g.value(), popts);
  OAR_CHECK_MSG(s.ok(), s.ToString());
  return std::move(g).value();
}

Tensor Image(uint64_t seed) {
  Tensor t(DType::kFloat32, Shape{1, 3, 224, 224});
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = dist(rng);
  return t;
}

Tensor Run(const ir::Graph& g, const Tensor& image) {
  runtime::ExecutorOptions o;
  o.num_threads = 2;
  auto ex = runtime::Executor::Create(std::make_shared<const ir::Graph>(g), o);
  OAR_CHECK_MSG(ex.ok(), ex.status().ToString());
  std::vector<Tensor> out;
  Status s = ex.value()->Run({image}, &out);
  OAR_CHECK_MSG(s.ok(), s.ToString());
  return out[0].Clone();
}

// The graph with one engine node for the whole model, built with `precision` (untimed: the
// network is still built once at build time), and the runner its plan chose.
ir::Graph WithEngine(ir::Graph g, Precision precision, std::string* runner) {
  EngineOptions opts;
  opts.builder.precision = precision;
  opts.builder.timing = false;
  opts.progress = [](const std::string&) {};
  Status s = PrepareEngineGraph(g, opts);
  OAR_CHECK_MSG(s.ok(), s.ToString());
  for (ir::NodeId id : g.LiveNodes()) {
    if (g.node(id).kind != ir::OpKind::kEngine) continue;
    *runner = Engine::FromSubgraph(g.node(id).attr<ir::EngineAttrs>().subgraph)->plan().data().runner;
  }
  return g;
}

int64_t Top1(const Tensor& t) {
  const float* p = t.data<float>();
  return std::max_element(p, p + t.numel()) - p;
}

double Cosine(const Tensor& a, const Tensor& b) {
  double ab = 0, aa = 0, bb = 0;
  for (int64_t i = 0; i < a.numel(); ++i) {
    const double x = a.data<float>()[i], y = b.data<float>()[i];
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / std::sqrt(aa * bb + 1e-30);
}

void CheckModel(const std::string& name) {
  const ir::Graph g = ZooGraph(name);
  const Tensor image = Image(2024);
  const Tensor native = Run(g, image);
  std::string runner;
  const Tensor fp32 = Run(WithEngine(g, Precision::kFp32, &runner), image);
  EXPECT_EQ(runner, "onednn");
  EXPECT_LE(oar::testing::MaxRelativeError(fp32, native), 1e-4);
  EXPECT_EQ(Top1(fp32), Top1(native));
  if (!cpu::CpuSupportsBf16()) {
    GTEST_SKIP() << "bf16 half skipped: this CPU has neither avx512_bf16 nor AMX";
  }
  const Tensor bf16 = Run(WithEngine(g, Precision::kBf16, &runner), image);
  EXPECT_EQ(runner, "onednn");
  EXPECT_GE(Cosine(bf16, fp32), 0.999);
  EXPECT_EQ(Top1(bf16), Top1(fp32));
}

TEST(EngineOnednnZooTest, ResNet50) { CheckModel("resnet50"); }

TEST(EngineOnednnZooTest, MobileNetV1) { CheckModel("mobilenet_v1"); }

}  // namespace
}  // namespace oar::engine

#endif  // OAR_WITH_ONEDNN
