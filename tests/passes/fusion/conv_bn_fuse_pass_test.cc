// conv_bn_fuse: BatchNorm / per-channel Mul / Scale after a Conv2d folded into its weights and
// bias; structure against a hand-built expected graph, numerics against the original graph,
// and the cases where it must not fire.
#include "passes/fusion/conv_bn_fuse_pass.h"

#include <cmath>

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

ir::Conv2dAttrs Conv(int64_t groups = 1, std::vector<int64_t> pads = {1, 1, 1, 1}) {
  ir::Conv2dAttrs a;
  a.pads = std::move(pads);
  a.groups = groups;
  return a;
}

struct BnParams {
  Tensor scale, bias, mean, var;
};

BnParams RandomBn(int64_t m, uint64_t seed) {
  return {RandomTensor(Shape{m}, seed, 0.5f, 1.5f), RandomTensor(Shape{m}, seed + 1), RandomTensor(Shape{m}, seed + 2),
          RandomTensor(Shape{m}, seed + 3, 0.1f, 2.0f)};
}

// w' = s * w and b' = s * (b - mean) + bias with s = scale / sqrt(var + eps), in double.
void FoldBn(const Tensor& w, const Tensor* b, const BnParams& bn, float eps, Tensor* w_out, Tensor* b_out) {
  const int64_t m = w.shape()[0], per = w.numel() / m;
  *w_out = Tensor(DType::kFloat32, w.shape());
  *b_out = Tensor(DType::kFloat32, Shape{m});
  for (int64_t c = 0; c < m; ++c) {
    const double s = bn.scale.GetDouble(c) / std::sqrt(bn.var.GetDouble(c) + static_cast<double>(eps));
    for (int64_t i = 0; i < per; ++i)
      w_out->data<float>()[c * per + i] = static_cast<float>(s * w.GetDouble(c * per + i));
    const double old = b ? b->GetDouble(c) : 0.0;
    b_out->data<float>()[c] = static_cast<float>(s * (old - bn.mean.GetDouble(c)) + bn.bias.GetDouble(c));
  }
}

ir::ValueId AddBn(GraphBuilder& b, ir::ValueId x, const BnParams& p, float eps, const std::string& name) {
  return b.Op(OpKind::kBatchNorm,
              {x, b.Const("bn_scale", p.scale), b.Const("bn_bias", p.bias), b.Const("bn_mean", p.mean),
               b.Const("bn_var", p.var)},
              ir::BatchNormAttrs{eps}, name);
}

TEST(ConvBnFusePass, FoldsBatchNormIntoConvWithoutBias) {
  const Tensor w = RandomTensor(Shape{5, 3, 3, 3}, 1);
  const BnParams bn = RandomBn(5, 10);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3, 9, 7});
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.Const("w", w)}, Conv(), "conv");
  ir::ValueId z = AddBn(b, y, bn, 1e-3f, "bn");
  b.Output(b.Op(OpKind::kRelu, {z}, ir::NoAttrs{}, "act"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;

  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"conv_bn_fuse"}));
  EXPECT_EQ(stats[0].rewrites, 1);
  EXPECT_EQ(stats[0].nodes_removed, 1);
  EXPECT_EQ(stats[0].nodes_added, 0);

  Tensor w2, b2;
  FoldBn(w, nullptr, bn, 1e-3f, &w2, &b2);
  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{2, 3, 9, 7});
  ir::ValueId ey = e.Op(OpKind::kConv2d, {ex, e.Const("w", w2), e.Const("b", b2)}, Conv(), "conv");
  e.Output(e.Op(OpKind::kRelu, {ey}, ir::NoAttrs{}, "act"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_TRUE(SameOutputs(g, original, 100));
}

TEST(ConvBnFusePass, FoldsIntoDepthwiseConvWithBiasAndKeepsTheOutputName) {
  const Tensor w = RandomTensor(Shape{6, 1, 3, 3}, 2);
  const Tensor bias = RandomTensor(Shape{6}, 3);
  const BnParams bn = RandomBn(6, 20);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 6, 8, 11});
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.Const("w", w), b.Const("b", bias)}, Conv(6), "dw");
  b.Output(AddBn(b, y, bn, 1e-5f, "bn"));  // the BN output is a graph output: the conv takes its name
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK(RunPasses(g, {"conv_bn_fuse"}).status());

  Tensor w2, b2;
  FoldBn(w, &bias, bn, 1e-5f, &w2, &b2);
  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{1, 6, 8, 11});
  ir::ValueId ey = e.Op(OpKind::kConv2d, {ex, e.Const("w", w2), e.Const("b", b2)}, Conv(6), "bn");
  e.Output(ey);
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_EQ(g.value(g.outputs()[0]).name, "bn.out");
  EXPECT_TRUE(SameOutputs(g, original, 101));
}

// conv -> bn -> mul [1,M,1,1] -> scale: all three fold, leaving one conv.
TEST(ConvBnFusePass, FoldsAChainOfBatchNormMulAndScale) {
  const Tensor w = RandomTensor(Shape{4, 2, 1, 1}, 4);
  const BnParams bn = RandomBn(4, 30);
  const Tensor mul = RandomTensor(Shape{1, 4, 1, 1}, 5);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3, 2, 5, 5});
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.Const("w", w)}, Conv(1, {0, 0, 0, 0}), "conv");
  y = AddBn(b, y, bn, 1e-5f, "bn");
  y = b.Op(OpKind::kMul, {b.Const("m", mul), y}, ir::NoAttrs{}, "mul");  // constant first
  y = b.Op(OpKind::kScale, {y}, ir::ScaleAttrs{0.5f, 0.25f, false}, "scale");
  b.Output(y);
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"conv_bn_fuse"}));
  EXPECT_EQ(stats[0].rewrites, 3);
  EXPECT_EQ(CountLive(g), 1);
  EXPECT_EQ(CountKind(g, OpKind::kConv2d), 1);
  EXPECT_EQ(g.value(g.outputs()[0]).name, "scale.out");
  EXPECT_TRUE(SameOutputs(g, original, 102));
}

// Scale with a constant ScaleTensor; bias_after_scale: s * y + bias.
TEST(ConvBnFusePass, FoldsScaleWithConstantScaleTensor) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 3, 6, 6});
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{2, 3, 3, 3}, 6)}, Conv(), "conv");
  const float st = -1.5f;
  y = b.Op(OpKind::kScale, {y, b.Const("st", MakeTensor<float>(Shape{1}, &st))}, ir::ScaleAttrs{2.0f, 0.5f, true},
           "scale");
  b.Output(y);
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK(RunPasses(g, {"conv_bn_fuse"}).status());
  EXPECT_EQ(CountLive(g), 1);
  EXPECT_TRUE(SameOutputs(g, original, 103));
}

// Structure unchanged (and still computing the same) for every case where folding is wrong.
void ExpectNotFolded(const ir::Graph& original) {
  ir::Graph g = original;
  auto stats = RunPasses(g, {"conv_bn_fuse"});
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ((*stats)[0].rewrites, 0);
  EXPECT_GRAPHS_EQUIVALENT(g, original);
}

TEST(ConvBnFusePass, DoesNotFoldWhenTheConvOutputHasAnotherUse) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 3, 6, 6});
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 3, 3, 3}, 7)}, Conv(), "conv");
  b.Output(AddBn(b, y, RandomBn(4, 40), 1e-5f, "bn"));
  b.Output(b.Op(OpKind::kRelu, {y}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  ExpectNotFolded(g);
}

TEST(ConvBnFusePass, DoesNotFoldWhenTheConvOutputIsAGraphOutput) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 3, 6, 6});
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 3, 3, 3}, 8)}, Conv(), "conv");
  b.Output(y);
  b.Output(AddBn(b, y, RandomBn(4, 50), 1e-5f, "bn"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  ExpectNotFolded(g);
}

TEST(ConvBnFusePass, DoesNotFoldNonConstantWeightsOrParameters) {
  {
    GraphBuilder b;  // weights fed at run time
    ir::ValueId x = b.Input("x", Shape{1, 3, 6, 6});
    ir::ValueId w = b.Input("w", Shape{4, 3, 3, 3});
    b.Output(AddBn(b, b.Op(OpKind::kConv2d, {x, w}, Conv(), "conv"), RandomBn(4, 60), 1e-5f, "bn"));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFolded(g);
  }
  {
    GraphBuilder b;  // BN mean computed at run time
    ir::ValueId x = b.Input("x", Shape{1, 3, 6, 6});
    ir::ValueId mean = b.Input("mean", Shape{4});
    ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 3, 3, 3}, 9)}, Conv(), "conv");
    const BnParams p = RandomBn(4, 70);
    b.Output(b.Op(OpKind::kBatchNorm, {y, b.Const("s", p.scale), b.Const("b", p.bias), mean, b.Const("v", p.var)},
                  ir::BatchNormAttrs{}, "bn"));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFolded(g);
  }
}

TEST(ConvBnFusePass, DoesNotFoldAMulThatIsNotPerChannel) {
  // [6] broadcasts along the width (6), not the channels (4).
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 3, 6, 6});
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 3, 3, 3}, 10)}, Conv(), "conv");
  b.Output(b.Op(OpKind::kMul, {y, b.RandomConst("m", Shape{6}, 11)}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  ExpectNotFolded(g);
  // A full-size factor varies over space: no per-channel fold either.
  GraphBuilder b2;
  ir::ValueId x2 = b2.Input("x", Shape{1, 3, 6, 6});
  ir::ValueId y2 = b2.Op(OpKind::kConv2d, {x2, b2.RandomConst("w", Shape{4, 3, 3, 3}, 12)}, Conv(), "conv");
  b2.Output(b2.Op(OpKind::kMul, {y2, b2.RandomConst("m", Shape{1, 4, 6, 6}, 13)}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g2, b2.Build());
  ExpectNotFolded(g2);
}

TEST(ConvBnFusePass, DoesNotFoldIntoAConvWithFusedActivationOrResidual) {
  {
    GraphBuilder b;
    ir::ValueId x = b.Input("x", Shape{1, 3, 6, 6});
    ir::Conv2dAttrs a = Conv();
    a.activation.kind = ir::ActivationKind::kRelu;
    ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 3, 3, 3}, 14)}, a, "conv");
    b.Output(AddBn(b, y, RandomBn(4, 80), 1e-5f, "bn"));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFolded(g);
  }
  {
    GraphBuilder b;  // y = conv + r: scaling the weights would not scale r
    ir::ValueId x = b.Input("x", Shape{1, 3, 6, 6});
    ir::ValueId r = b.Input("r", Shape{1, 4, 6, 6});
    ir::ValueId y =
        b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 3, 3, 3}, 15), ir::kNoValue, r}, Conv(), "conv");
    b.Output(AddBn(b, y, RandomBn(4, 90), 1e-5f, "bn"));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFolded(g);
  }
}

TEST(ConvBnFusePass, DoesNotFoldNonF32) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 2, 4, 4}, DType::kFloat64);
  Tensor w(DType::kFloat64, Shape{2, 2, 1, 1});
  for (int i = 0; i < 4; ++i) w.data<double>()[i] = 0.5 * i - 1.0;
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.Const("w", w)}, Conv(1, {0, 0, 0, 0}), "conv");
  Tensor p(DType::kFloat64, Shape{2});
  p.data<double>()[0] = 1.0;
  p.data<double>()[1] = 2.0;
  ir::ValueId pc = b.Const("p", p);
  b.Output(b.Op(OpKind::kBatchNorm, {y, pc, pc, pc, pc}, ir::BatchNormAttrs{}, "bn"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  ir::Graph copy = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(copy, {"conv_bn_fuse"}));
  EXPECT_EQ(stats[0].rewrites, 0);
  EXPECT_GRAPHS_EQUIVALENT(copy, g);
}

TEST(ConvBnFusePass, DoesNotChangeTheSharedWeightConstant) {
  // Two convs share one weight; folding BN into the first must not alter the second.
  const Tensor w = RandomTensor(Shape{3, 3, 3, 3}, 16);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 3, 5, 5});
  ir::ValueId wc = b.Const("w", w);
  ir::ValueId y1 = b.Op(OpKind::kConv2d, {x, wc}, Conv(), "conv1");
  b.Output(AddBn(b, y1, RandomBn(3, 100), 1e-5f, "bn"));
  b.Output(b.Op(OpKind::kConv2d, {x, wc}, Conv(), "conv2"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK(RunPasses(g, {"conv_bn_fuse"}).status());
  EXPECT_EQ(CountLive(g), 2);
  EXPECT_TRUE(TensorsNear(w, RandomTensor(Shape{3, 3, 3, 3}, 16), 0.0, 0.0));
  EXPECT_TRUE(SameOutputs(g, original, 104));
}

}  // namespace
}  // namespace oar::testing
