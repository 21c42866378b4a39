// Tests of the kEngine kernel registration: it takes only CPU engine nodes carrying a built
// engine, so unbuilt engine nodes fall through to other kernels or to a clear "no kernel" error.
#include "engine/engine_kernel.h"

#include <gmock/gmock.h>

#include "engine/builder.h"
#include "engine/engine.h"
#include "engine_test_util.h"
#include "runtime/single_op.h"

namespace oar::engine {
namespace {

TEST(EngineKernelTest, AcceptsOnlyBuiltCpuEngines) {
  runtime::KernelRegistry registry;
  RegisterEngineKernel(registry);
  auto defs = registry.KernelsFor(ir::OpKind::kEngine, runtime::DeviceType::kCpu);
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(defs[0]->name, "engine");
  EXPECT_EQ(defs[0]->priority, 10);

  auto plan = Build(testing::SmallConvNet(1), BuilderConfig{});
  ASSERT_TRUE(plan.ok());
  OAR_ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Engine> engine, Engine::Create(plan.value(), "cpu_engine_0"));
  ir::Node built;
  built.name = "cpu_engine_0";
  built.kind = ir::OpKind::kEngine;
  built.attrs = ir::EngineAttrs{"cpu", engine->SubgraphHandle()};
  EXPECT_TRUE(registry.Find(built, runtime::DeviceType::kCpu, {DType::kFloat32}).ok());

  ir::Node plain = built;
  plain.attrs = ir::EngineAttrs{"cpu", std::make_shared<const ir::Graph>(engine->subgraph())};
  auto none = registry.Find(plain, runtime::DeviceType::kCpu, {DType::kFloat32});
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.status().message(), ::testing::HasSubstr("op 'cpu_engine_0' (engine): no CPU kernel"));

  ir::Node gpu = built;
  gpu.attrs = ir::EngineAttrs{"gpu", engine->SubgraphHandle()};
  EXPECT_FALSE(registry.Find(gpu, runtime::DeviceType::kCpu, {DType::kFloat32}).ok());
}

TEST(EngineKernelTest, RunsThroughSingleOpWithItsOwnContext) {
  auto plan = Build(testing::SmallConvNet(), BuilderConfig{});
  ASSERT_TRUE(plan.ok());
  OAR_ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Engine> engine, Engine::Create(plan.value(), "cpu_engine_0"));
  EnsureEngineKernelRegistered();
  ir::Node node;
  node.name = "cpu_engine_0";
  node.kind = ir::OpKind::kEngine;
  node.inputs = {0};
  node.outputs = {1, 2};
  node.attrs = ir::EngineAttrs{"cpu", engine->SubgraphHandle()};
  Tensor x = oar::testing::RandomTensor(Shape{1, 3, 9, 11}, 4);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, runtime::RunSingleOp(node, {&x}, "engine"));
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, testing::RunNative(testing::SmallConvNet(), {x}));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(oar::testing::TensorsNear(got[0], want[0], 1e-5, 1e-6));
  EXPECT_TRUE(oar::testing::TensorsNear(got[1], want[1], 1e-5, 1e-6));
}

}  // namespace
}  // namespace oar::engine
