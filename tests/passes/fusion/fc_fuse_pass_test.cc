// fc_fuse: MatMul by a constant weight + bias add [+ activation] -> one MatMul; structure,
// numerics and negative cases.
#include "passes/fusion/fc_fuse_pass.h"

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::ActivationKind;
using ir::OpKind;

ir::MatMulAttrs MatMulAct(ir::FusedActivation act, bool transpose_b = false) {
  ir::MatMulAttrs a;
  a.transpose_b = transpose_b;
  a.activation = act;
  return a;
}

TEST(FcFusePass, FusesBiasAndRelu) {
  const Tensor w = RandomTensor(Shape{7, 5}, 1);
  const Tensor c = RandomTensor(Shape{5}, 2);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3, 7});
  ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.Const("w", w)}, ir::MatMulAttrs{}, "fc");
  y = b.Op(OpKind::kAdd, {y, b.Const("c", c)}, ir::NoAttrs{}, "add");
  b.Output(b.Op(OpKind::kRelu, {y}, ir::NoAttrs{}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"fc_fuse"}));
  EXPECT_EQ(stats[0].rewrites, 2);
  EXPECT_EQ(stats[0].nodes_removed, 2);

  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{3, 7});
  e.Output(e.Op(OpKind::kMatMul, {ex, e.Const("w", w), e.Const("c", c)}, MatMulAct({ActivationKind::kRelu}), "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_TRUE(SameOutputs(g, original, 300));
}

// Batched input, transposed weight, bias as [1,1,N] first operand, Swish.
TEST(FcFusePass, FusesBroadcastBiasOnBatchedInputWithTransposedWeight) {
  const Tensor w = RandomTensor(Shape{6, 9}, 3);  // [N, K], transposed
  const Tensor c = RandomTensor(Shape{1, 1, 6}, 4);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3, 9});
  ir::MatMulAttrs a;
  a.transpose_b = true;
  ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.Const("w", w)}, a, "fc");
  y = b.Op(OpKind::kAdd, {b.Const("c", c), y}, ir::NoAttrs{}, "add");
  b.Output(b.Op(OpKind::kSwish, {y}, ir::SwishAttrs{0.75f}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK(RunPasses(g, {"fc_fuse"}).status());
  Tensor c1 = c.Clone();
  c1.ReshapeInPlace(Shape{6});
  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{2, 3, 9});
  e.Output(e.Op(OpKind::kMatMul, {ex, e.Const("w", w), e.Const("c", c1)},
                MatMulAct({ActivationKind::kSwish, 0.75f}, true), "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_TRUE(SameOutputs(g, original, 301));
}

// A MatMul that already has a bias (Paddle fc) takes the activation; a scalar bias add folds.
TEST(FcFusePass, FusesActivationAfterExistingBiasAndScalarBias) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{4, 8});
  ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.RandomConst("w", Shape{8, 3}, 5), b.RandomConst("b", Shape{3}, 6)},
                       ir::MatMulAttrs{}, "fc1");
  b.Output(b.Op(OpKind::kHardSigmoid, {y}, ir::HardSigmoidAttrs{0.25f, 0.4f}, "out1"));
  ir::ValueId y2 = b.Op(OpKind::kMatMul, {x, b.RandomConst("w2", Shape{8, 4}, 7)}, ir::MatMulAttrs{}, "fc2");
  const float s = 0.375f;
  b.Output(b.Op(OpKind::kAdd, {y2, b.Const("s", MakeTensor<float>(Shape{}, &s))}, ir::NoAttrs{}, "out2"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK(RunPasses(g, {"fc_fuse"}).status());
  EXPECT_EQ(CountLive(g), 2);
  EXPECT_EQ(CountKind(g, OpKind::kMatMul), 2);
  EXPECT_TRUE(SameOutputs(g, original, 302));
}

void ExpectNotFused(const ir::Graph& original) {
  ir::Graph g = original;
  auto stats = RunPasses(g, {"fc_fuse"});
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ((*stats)[0].rewrites, 0);
  EXPECT_GRAPHS_EQUIVALENT(g, original);
}

TEST(FcFusePass, DoesNotFuseNonConstantWeights) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3, 7});
  ir::ValueId w = b.Input("w", Shape{7, 5});
  ir::ValueId y = b.Op(OpKind::kMatMul, {x, w}, ir::MatMulAttrs{});
  b.Output(b.Op(OpKind::kRelu, {b.Op(OpKind::kAdd, {y, b.RandomConst("c", Shape{5}, 8)})}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  ExpectNotFused(g);
}

TEST(FcFusePass, DoesNotFuseABiasThatIsNotAlongTheLastDim) {
  {
    GraphBuilder b;  // [3,1] varies along rows
    ir::ValueId x = b.Input("x", Shape{3, 7});
    ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.RandomConst("w", Shape{7, 5}, 9)}, ir::MatMulAttrs{});
    b.Output(b.Op(OpKind::kAdd, {y, b.RandomConst("c", Shape{3, 1}, 10)}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
  {
    GraphBuilder b;  // [2,1,5] widens the result from [3,5] to [2,3,5]
    ir::ValueId x = b.Input("x", Shape{3, 7});
    ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.RandomConst("w", Shape{7, 5}, 11)}, ir::MatMulAttrs{});
    b.Output(b.Op(OpKind::kAdd, {y, b.RandomConst("c", Shape{2, 1, 5}, 12)}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
  {
    GraphBuilder b;  // the addend is computed at run time
    ir::ValueId x = b.Input("x", Shape{3, 7});
    ir::ValueId r = b.Input("r", Shape{5});
    ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.RandomConst("w", Shape{7, 5}, 13)}, ir::MatMulAttrs{});
    b.Output(b.Op(OpKind::kAdd, {y, r}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
}

TEST(FcFusePass, DoesNotFuseWhenTheResultIsUsedTwiceOrIsAGraphOutput) {
  {
    GraphBuilder b;
    ir::ValueId x = b.Input("x", Shape{3, 7});
    ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.RandomConst("w", Shape{7, 5}, 14)}, ir::MatMulAttrs{});
    b.Output(b.Op(OpKind::kAdd, {y, b.RandomConst("c", Shape{5}, 15)}));
    b.Output(b.Op(OpKind::kRelu, {y}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
  {
    GraphBuilder b;
    ir::ValueId x = b.Input("x", Shape{3, 7});
    ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.RandomConst("w", Shape{7, 5}, 16)}, ir::MatMulAttrs{});
    b.Output(y);
    b.Output(b.Op(OpKind::kRelu, {y}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
}

TEST(FcFusePass, DoesNotFuseNonF32) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3}, DType::kFloat64);
  Tensor w(DType::kFloat64, Shape{3, 2});
  Tensor c(DType::kFloat64, Shape{2});
  for (int i = 0; i < 6; ++i) w.data<double>()[i] = 0.5 * i - 1.0;
  c.data<double>()[0] = 0.25;
  c.data<double>()[1] = -0.75;
  ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.Const("w", w)}, ir::MatMulAttrs{});
  b.Output(b.Op(OpKind::kRelu, {b.Op(OpKind::kAdd, {y, b.Const("c", c)})}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  ExpectNotFused(g);
}

TEST(FcFusePass, DoesNotFuseASecondBiasOrASecondActivation) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3, 7});
  ir::ValueId y = b.Op(OpKind::kMatMul, {x, b.RandomConst("w", Shape{7, 5}, 17), b.RandomConst("b", Shape{5}, 18)},
                       MatMulAct({ActivationKind::kRelu}));
  b.Output(b.Op(OpKind::kAdd, {y, b.RandomConst("c", Shape{5}, 19)}));
  ir::ValueId y2 = b.Op(OpKind::kMatMul, {x, b.RandomConst("w2", Shape{7, 5}, 20)}, MatMulAct({ActivationKind::kRelu}));
  b.Output(b.Op(OpKind::kSigmoid, {y2}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  ExpectNotFused(g);
}

}  // namespace
}  // namespace oar::testing
