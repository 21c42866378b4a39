// Tests of Engine: tactic resolution, the subgraph handle that carries an engine on an engine
// node, and input range checks.
#include "engine/engine.h"

#include <gmock/gmock.h>

#include "engine/builder.h"
#include "engine_test_util.h"

namespace oar::engine {
namespace {

using ::testing::HasSubstr;

TEST(EngineTest, UnknownTacticIsNotFound) {
  auto plan = Build(testing::SmallConvNet(1), BuilderConfig{});
  ASSERT_TRUE(plan.ok());
  PlanData d = plan->data();
  d.layers[1].tactic = "no_such_kernel";
  auto e = Engine::Create(Plan(d), "cpu_engine_7");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), ErrorCode::kNotFound);
  EXPECT_THAT(e.status().message(), HasSubstr("engine 'cpu_engine_7': layer 'pool_0' (pool2d): tactic "
                                              "'no_such_kernel' is not available"));
  PlanData missing = plan->data();
  missing.layers.pop_back();
  auto m = Engine::Create(Plan(missing), "cpu_engine_7");
  EXPECT_THAT(m.status().message(), HasSubstr("the plan has 4 layers, its subgraph 5 nodes"));
  EXPECT_THAT(Engine::Create(Plan(), "e").status().message(), HasSubstr("empty plan"));
}

TEST(EngineTest, SubgraphHandleCarriesTheEngine) {
  auto plan = Build(testing::SmallConvNet(1), BuilderConfig{});
  ASSERT_TRUE(plan.ok());
  OAR_ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Engine> engine, Engine::Create(plan.value(), "cpu_engine_0"));
  std::weak_ptr<const Engine> weak = engine;
  std::shared_ptr<const ir::Graph> handle = engine->SubgraphHandle();
  EXPECT_EQ(handle.get(), &engine->subgraph());
  EXPECT_EQ(Engine::FromSubgraph(handle), engine);
  // A plain pointer to an equal graph is not an engine.
  EXPECT_EQ(Engine::FromSubgraph(std::make_shared<const ir::Graph>(engine->subgraph())), nullptr);
  EXPECT_EQ(Engine::FromSubgraph(nullptr), nullptr);
  engine.reset();
  EXPECT_FALSE(weak.expired());  // the handle keeps it alive
  EXPECT_EQ(Engine::FromSubgraph(handle)->name(), "cpu_engine_0");
  handle.reset();
  EXPECT_TRUE(weak.expired());
}

TEST(EngineTest, StaticInputsWithoutProfile) {
  auto plan = Build(testing::SmallConvNet(1), BuilderConfig{});
  ASSERT_TRUE(plan.ok());
  OAR_ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Engine> engine, Engine::Create(plan.value(), "cpu_engine_0"));
  EXPECT_FALSE(engine->has_profile(0));
  OAR_EXPECT_OK(engine->CheckInputShapes({Shape{1, 3, 9, 11}}));
  Status s = engine->CheckInputShapes({Shape{2, 3, 9, 11}});
  EXPECT_THAT(s.message(), HasSubstr("input 'x' shape [2,3,9,11]: batch 2 exceeds max_batch_size 1"));
}

}  // namespace
}  // namespace oar::engine
