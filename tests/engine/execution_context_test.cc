// Tests of ExecutionContext: outputs equal native execution, dynamic batches within the profile
// run on the same engine (re-planning the arena for shapes above opt), and range errors.
#include "engine/execution_context.h"

#include <gmock/gmock.h>

#include "engine/builder.h"
#include "engine_test_util.h"

namespace oar::engine {
namespace {

using ::testing::HasSubstr;

std::shared_ptr<const Engine> MakeEngine(const ir::Graph& g, const BuilderConfig& cfg) {
  auto plan = Build(g, cfg);
  OAR_CHECK_MSG(plan.ok(), plan.status().ToString());
  auto engine = Engine::Create(plan.value(), "cpu_engine_0");
  OAR_CHECK_MSG(engine.ok(), engine.status().ToString());
  return engine.value();
}

TEST(ExecutionContextTest, DynamicBatchMatchesNativeWithoutRebuild) {
  ir::Graph g = testing::SmallConvNet();
  BuilderConfig cfg;
  OAR_ASSERT_OK(cfg.profile.Add("x", Shape{1, 3, 9, 11}, Shape{2, 3, 9, 11}, Shape{5, 3, 9, 11}));
  auto engine = MakeEngine(g, cfg);
  OAR_ASSERT_OK_AND_ASSIGN(auto ctx, engine->CreateExecutionContext());
  int seed = 11;
  for (int64_t batch : {2, 1, 5, 3, 5}) {
    Tensor x = oar::testing::RandomTensor(Shape{batch, 3, 9, 11}, static_cast<uint64_t>(seed++));
    std::vector<Tensor> got;
    OAR_ASSERT_OK(ctx->Run({x}, &got));
    OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, testing::RunNative(g, {x}));
    ASSERT_EQ(got.size(), 2u);
    for (size_t o = 0; o < 2; ++o) EXPECT_TRUE(oar::testing::TensorsNear(got[o], want[o], 1e-5, 1e-6)) << batch;
  }
  if (engine->plan().data().runner == "onednn") {
    // One network per batch seen (2, 1, 5, 3); the second batch 5 reuses its network.
    EXPECT_EQ(ctx->replans(), 3);
    EXPECT_GT(ctx->arena_bytes(), 0u);
  } else {
    // Opt was batch 2: batch 5 needed a larger arena once; batch 3 fits the re-planned one.
    EXPECT_EQ(ctx->replans(), 1);
    EXPECT_GT(ctx->arena_bytes(), engine->plan().data().arena.total_bytes);
  }
}

TEST(ExecutionContextTest, ContextsOfOneEngineAreIndependent) {
  ir::Graph g = testing::SmallConvNet(3);
  auto engine = MakeEngine(g, BuilderConfig{});
  OAR_ASSERT_OK_AND_ASSIGN(auto a, engine->CreateExecutionContext());
  OAR_ASSERT_OK_AND_ASSIGN(auto b, engine->CreateExecutionContext());
  Tensor x1 = oar::testing::RandomTensor(Shape{3, 3, 9, 11}, 21);
  Tensor x2 = oar::testing::RandomTensor(Shape{3, 3, 9, 11}, 22);
  std::vector<Tensor> ya, yb;
  OAR_ASSERT_OK(a->Run({x1}, &ya));
  OAR_ASSERT_OK(b->Run({x2}, &yb));
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> w1, testing::RunNative(g, {x1}));
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> w2, testing::RunNative(g, {x2}));
  EXPECT_TRUE(oar::testing::TensorsNear(ya[0], w1[0]));
  EXPECT_TRUE(oar::testing::TensorsNear(yb[0], w2[0]));
  EXPECT_TRUE(oar::testing::TensorsNear(yb[1], w2[1]));
}

TEST(ExecutionContextTest, OutOfRangeShapesNameInputShapeAndRange) {
  ir::Graph g = testing::SmallConvNet();
  BuilderConfig cfg;
  OAR_ASSERT_OK(cfg.profile.Add("x", Shape{1, 3, 9, 11}, Shape{2, 3, 9, 11}, Shape{4, 3, 9, 11}));
  auto engine = MakeEngine(g, cfg);
  OAR_ASSERT_OK_AND_ASSIGN(auto ctx, engine->CreateExecutionContext());
  std::vector<Tensor> out;
  Status s = ctx->Run({oar::testing::RandomTensor(Shape{9, 3, 9, 11}, 1)}, &out);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "engine 'cpu_engine_0': input 'x' shape [9,3,9,11] is outside the profile range min "
                         "[1,3,9,11] max [4,3,9,11]");
  Status rank = ctx->Run({oar::testing::RandomTensor(Shape{2, 3, 9}, 1)}, &out);
  EXPECT_THAT(rank.message(), HasSubstr("input 'x' shape [2,3,9]: expected rank 4"));
  Status count = ctx->Run(std::vector<Tensor>{}, &out);
  EXPECT_THAT(count.message(), HasSubstr("expected 1 inputs, got 0"));
}

TEST(ExecutionContextTest, WithoutProfileBatchIsBoundedByMaxBatchSize) {
  ir::Graph g = testing::SmallConvNet();
  BuilderConfig cfg;
  cfg.max_batch_size = 2;
  auto engine = MakeEngine(g, cfg);
  OAR_ASSERT_OK_AND_ASSIGN(auto ctx, engine->CreateExecutionContext());
  std::vector<Tensor> out;
  OAR_EXPECT_OK(ctx->Run({oar::testing::RandomTensor(Shape{1, 3, 9, 11}, 1)}, &out));
  Status s = ctx->Run({oar::testing::RandomTensor(Shape{3, 3, 9, 11}, 1)}, &out);
  EXPECT_THAT(s.message(), HasSubstr("engine 'cpu_engine_0': input 'x' shape [3,3,9,11]: batch 3 exceeds "
                                     "max_batch_size 2"));
  Status dim = ctx->Run({oar::testing::RandomTensor(Shape{1, 3, 9, 12}, 1)}, &out);
  EXPECT_THAT(dim.message(), HasSubstr("expected [?,3,9,11] (dim 3"));
}

}  // namespace
}  // namespace oar::engine
