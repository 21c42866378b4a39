// Tests of the liveness-based arena planner: aligned offsets, no overlap between values alive at
// the same time, reuse of dead values' bytes, and the Fits check used for re-planning.
#include "engine/arena_plan.h"

#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace oar::engine {
namespace {

// A chain x -> r0 -> r1 -> r2 -> r3 (relus) with a skip add(r0, r3) at the end.
ir::Graph Chain() {
  partition::testing::GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{5, 7});
  ir::ValueId r0 = b.Op("r0", ir::OpKind::kRelu, {x});
  ir::ValueId r1 = b.Op("r1", ir::OpKind::kRelu, {r0});
  ir::ValueId r2 = b.Op("r2", ir::OpKind::kRelu, {r1});
  ir::ValueId r3 = b.Op("r3", ir::OpKind::kRelu, {r2});
  b.Output(b.Op("sum", ir::OpKind::kAdd, {r0, r3}));
  return b.Build();
}

TEST(ArenaPlanTest, ReusesDeadValuesAndNeverOverlapsLiveOnes) {
  ir::Graph g = Chain();
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<ir::NodeId> order, g.TopologicalOrder());
  std::vector<size_t> bytes(static_cast<size_t>(g.num_values()), 140);  // 5*7*4, rounds to 192
  ArenaPlan plan = PlanArena(g, order, bytes);
  auto off = [&](const char* name) { return plan.offsets[static_cast<size_t>(g.FindValue(name))]; };
  EXPECT_EQ(off("x"), -1);        // caller memory
  EXPECT_EQ(off("sum.out"), -1);  // written into the caller's output
  for (const char* v : {"r0.out", "r1.out", "r2.out", "r3.out"}) {
    ASSERT_GE(off(v), 0) << v;
    EXPECT_EQ(off(v) % static_cast<int64_t>(kArenaAlignment), 0) << v;
  }
  // r0 lives to the end, so nothing shares it; r1 is dead once r2 is computed, so r3 reuses it.
  EXPECT_NE(off("r1.out"), off("r0.out"));
  EXPECT_NE(off("r2.out"), off("r1.out"));
  EXPECT_NE(off("r2.out"), off("r0.out"));
  EXPECT_EQ(off("r3.out"), off("r1.out"));
  EXPECT_EQ(plan.total_bytes, 3u * 192u);
  EXPECT_TRUE(plan.Fits(std::vector<size_t>(bytes.size(), 100)));
  EXPECT_TRUE(plan.Fits(std::vector<size_t>(bytes.size(), 192)));
  EXPECT_FALSE(plan.Fits(std::vector<size_t>(bytes.size(), 193)));
}

TEST(ArenaPlanTest, DifferentSizesFirstFit) {
  ir::Graph g = Chain();
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<ir::NodeId> order, g.TopologicalOrder());
  std::vector<size_t> bytes(static_cast<size_t>(g.num_values()), 0);
  bytes[static_cast<size_t>(g.FindValue("r0.out"))] = 1000;
  bytes[static_cast<size_t>(g.FindValue("r1.out"))] = 64;
  bytes[static_cast<size_t>(g.FindValue("r2.out"))] = 65;
  bytes[static_cast<size_t>(g.FindValue("r3.out"))] = 10;
  ArenaPlan plan = PlanArena(g, order, bytes);
  auto off = [&](const char* name) { return plan.offsets[static_cast<size_t>(g.FindValue(name))]; };
  EXPECT_EQ(off("r0.out"), 0);
  EXPECT_EQ(off("r1.out"), 1024);
  EXPECT_EQ(off("r2.out"), 1088);
  EXPECT_EQ(off("r3.out"), 1024);  // r1's bytes are free again
  EXPECT_EQ(plan.total_bytes, 1088u + 128u);
}

}  // namespace
}  // namespace oar::engine
