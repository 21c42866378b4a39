// Tests of the oneDNN network's matmul layer (onednn_matmul_layer.cc): the inner-product path for
// few rows by a constant matrix, packed-B matmul for more rows, batched and broadcast operands,
// transposes, alpha, bias shapes fused or added after, a runtime B, fused and looped activations;
// each against the reference executor (FP32 1e-4, BF16 cosine 0.999).
#include <gmock/gmock.h>

#include "onednn_test_util.h"

#ifdef OAR_WITH_ONEDNN

namespace oar::engine::cpu {
namespace {

using ::testing::HasSubstr;
using namespace onednn_testing;  // NOLINT

struct MatMulCase {
  Shape a, b;
  bool b_constant = true;
  Shape bias;  // rank 0: none
  ir::MatMulAttrs attrs;
};

ir::Graph MatMulGraph(const MatMulCase& c, uint64_t seed) {
  GraphBuilder g;
  ir::ValueId a = g.Input("a", c.a);
  ir::ValueId b = c.b_constant ? g.Const("b", Normal(c.b, seed, 0.3f)) : g.Input("b", c.b);
  std::vector<ir::ValueId> in = {a, b};
  if (c.bias.rank() > 0) in.push_back(g.Const("bias", Normal(c.bias, seed + 1)));
  g.Output(g.Op("mm", ir::OpKind::kMatMul, in, c.attrs));
  return g.Build();
}

std::vector<Tensor> Inputs(const MatMulCase& c, uint64_t seed) {
  std::vector<Tensor> in = {Normal(c.a, seed)};
  if (!c.b_constant) in.push_back(Normal(c.b, seed + 7));
  return in;
}

std::string HowMatMulRuns(const MatMulCase& c) {
  NetRun r = RunNetwork(MatMulGraph(c, 1), Precision::kFp32, Inputs(c, 2));
  return LayerNamed(*r.net, "mm").how;
}

TEST(OnednnMatMulLayerTest, FewRowsByAConstantMatrixUseTheInnerProduct) {
  MatMulCase c{Shape{1, 37}, Shape{37, 19}, true, Shape{19}, {}};
  c.attrs.activation.kind = ir::ActivationKind::kRelu;
  ExpectMatchesReference(MatMulGraph(c, 10), Inputs(c, 11));
  EXPECT_THAT(HowMatMulRuns(c), HasSubstr("inner product"));
  c.attrs.transpose_b = true;  // B stored [N,K]: the inner product's own weight layout
  c.b = Shape{19, 37};
  ExpectMatchesReference(MatMulGraph(c, 12), Inputs(c, 13));
  EXPECT_THAT(HowMatMulRuns(c), HasSubstr("inner product"));
  c.a = Shape{3, 37};  // batch 3, no bias
  c.bias = Shape{};
  ExpectMatchesReference(MatMulGraph(c, 14), Inputs(c, 15));
}

TEST(OnednnMatMulLayerTest, MoreRowsUsePackedMatMul) {
  MatMulCase c{Shape{9, 37}, Shape{37, 19}, true, Shape{19}, {}};
  ExpectMatchesReference(MatMulGraph(c, 20), Inputs(c, 21));
  EXPECT_THAT(HowMatMulRuns(c), HasSubstr("matmul "));
}

TEST(OnednnMatMulLayerTest, BatchedBroadcastTransposedScaled) {
  MatMulCase c{Shape{2, 3, 5, 7}, Shape{6, 5}, true, Shape{6}, {}};
  c.attrs.transpose_a = true;
  c.attrs.transpose_b = true;
  c.attrs.alpha = 0.5f;
  ExpectMatchesReference(MatMulGraph(c, 30), Inputs(c, 31));
  // alpha != 1 and a rank-4 A keep the matmul path even for one row.
  MatMulCase one{Shape{1, 37}, Shape{37, 19}, true, Shape{19}, {}};
  one.attrs.alpha = 2.0f;
  ExpectMatchesReference(MatMulGraph(one, 32), Inputs(one, 33));
  EXPECT_THAT(HowMatMulRuns(one), HasSubstr("matmul "));
}

TEST(OnednnMatMulLayerTest, RuntimeBAndBatchBroadcast) {
  MatMulCase c{Shape{2, 1, 4, 6}, Shape{1, 3, 6, 5}, false, Shape{}, {}};
  ExpectMatchesReference(MatMulGraph(c, 40), Inputs(c, 41));
  c.attrs.activation.kind = ir::ActivationKind::kSigmoid;
  ExpectMatchesReference(MatMulGraph(c, 42), Inputs(c, 43));
}

TEST(OnednnMatMulLayerTest, BiasShapes) {
  // Per row, per batch and full-shape biases: fused where oneDNN takes them, added after otherwise.
  for (const Shape& bias : {Shape{5, 1}, Shape{2, 1, 1}, Shape{2, 5, 6}, Shape{1}}) {
    MatMulCase c{Shape{2, 5, 4}, Shape{4, 6}, true, bias, {}};
    c.attrs.activation.kind = ir::ActivationKind::kLeakyRelu;
    c.attrs.activation.alpha = 0.1f;
    ExpectMatchesReference(MatMulGraph(c, 50), Inputs(c, 51));
  }
}

TEST(OnednnMatMulLayerTest, ActivationWithoutAOneDnnFormRunsAfter) {
  // hard_swish with Paddle parameters other than 6/6/3: applied by a loop after the primitive.
  MatMulCase c{Shape{1, 16}, Shape{16, 8}, true, Shape{8}, {}};
  c.attrs.activation.kind = ir::ActivationKind::kHardSwish;
  c.attrs.activation.alpha = 5.0f;
  c.attrs.activation.beta = 6.0f;
  c.attrs.activation.gamma = 3.0f;
  ExpectMatchesReference(MatMulGraph(c, 60), Inputs(c, 61));
  EXPECT_THAT(HowMatMulRuns(c), HasSubstr("activation after"));
  c.a = Shape{7, 16};
  ExpectMatchesReference(MatMulGraph(c, 62), Inputs(c, 63));
  EXPECT_THAT(HowMatMulRuns(c), HasSubstr("activation after"));
}

TEST(OnednnMatMulLayerTest, RankOneOperandRunsThroughTheRegistry) {
  MatMulCase c{Shape{6}, Shape{6, 4}, true, Shape{}, {}};
  ExpectMatchesReference(MatMulGraph(c, 70), Inputs(c, 71));
  NetRun r = RunNetwork(MatMulGraph(c, 70), Precision::kFp32, Inputs(c, 71));
  EXPECT_TRUE(LayerNamed(*r.net, "mm").fallback);
  EXPECT_THAT(LayerNamed(*r.net, "mm").how, HasSubstr("rank-1 operand"));
}

}  // namespace
}  // namespace oar::engine::cpu

#endif  // OAR_WITH_ONEDNN
