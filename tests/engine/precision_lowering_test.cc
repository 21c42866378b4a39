// Precision lowering of an engine subgraph: f32 boundary kept, f16/bf16 inside, weights converted once.
#include "engine/precision_lowering.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/engine_test_util.h"

namespace oar::engine {
namespace {

using ::testing::HasSubstr;

int CountKind(const ir::Graph& g, ir::OpKind kind) {
  int n = 0;
  for (ir::NodeId id : g.LiveNodes()) n += g.node(id).kind == kind;
  return n;
}

TEST(PrecisionLoweringTest, KeepsTheBoundaryAndLowersEverythingInside) {
  ir::Graph g = testing::SmallConvNet();
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph low, LowerFloatPrecision(g, DType::kFloat16));
  ASSERT_EQ(low.inputs().size(), g.inputs().size());
  ASSERT_EQ(low.outputs().size(), g.outputs().size());
  for (size_t i = 0; i < g.inputs().size(); ++i) {
    EXPECT_EQ(low.value(low.inputs()[i]).name, g.value(g.inputs()[i]).name);
    EXPECT_EQ(low.value(low.inputs()[i]).dtype, DType::kFloat32);
  }
  for (size_t o = 0; o < g.outputs().size(); ++o) {
    EXPECT_EQ(low.value(low.outputs()[o]).name, g.value(g.outputs()[o]).name + "_f32");
    EXPECT_EQ(low.value(low.outputs()[o]).dtype, DType::kFloat32);
    EXPECT_EQ(low.value(low.outputs()[o]).shape, g.value(g.outputs()[o]).shape);
  }
  // One cast per input and per output.
  EXPECT_EQ(CountKind(low, ir::OpKind::kCast), 1 + 2);
  for (ir::NodeId id : low.LiveNodes()) {
    const ir::Node& n = low.node(id);
    if (n.kind == ir::OpKind::kCast) continue;
    for (ir::ValueId v : n.inputs) {
      if (v != ir::kNoValue) {
        EXPECT_EQ(low.value(v).dtype, DType::kFloat16) << n.name << " reads " << low.value(v).name;
      }
    }
    for (ir::ValueId v : n.outputs) EXPECT_EQ(low.value(v).dtype, DType::kFloat16) << n.name;
  }
  // Weights converted with round-to-nearest: w0[5] survives within f16 precision.
  const ir::Value& w0 = low.value(low.FindValue("w0"));
  const ir::Value& w0_ref = g.value(g.FindValue("w0"));
  ASSERT_TRUE(w0.is_constant());
  EXPECT_EQ(w0.constant->dtype(), DType::kFloat16);
  for (int64_t i = 0; i < w0_ref.constant->numel(); ++i) {
    const float ref = w0_ref.constant->data<float>()[i];
    EXPECT_NEAR(HalfToFloat(w0.constant->data<uint16_t>()[i]), ref, 1e-3 * std::max(1.0f, std::fabs(ref)));
  }
  // The original graph is untouched.
  EXPECT_EQ(g.value(g.FindValue("w0")).dtype, DType::kFloat32);
}

TEST(PrecisionLoweringTest, Bfloat16AndBadTargets) {
  ir::Graph g = testing::SmallConvNet();
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph low, LowerFloatPrecision(g, DType::kBFloat16));
  EXPECT_EQ(low.value(low.FindValue("w1")).constant->dtype(), DType::kBFloat16);
  auto bad = LowerFloatPrecision(g, DType::kInt8);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("takes f16 or bf16"));
}

}  // namespace
}  // namespace oar::engine
