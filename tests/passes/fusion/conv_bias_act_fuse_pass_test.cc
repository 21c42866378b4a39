// conv_bias_act_fuse: per-channel bias adds, residual adds and activations moved into Conv2d;
// structure, numerics (ref and oneDNN kernels) and the cases where it must not fire.
#include "passes/fusion/conv_bias_act_fuse_pass.h"

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::ActivationKind;
using ir::OpKind;

ir::Conv2dAttrs Conv(int64_t groups = 1) {
  ir::Conv2dAttrs a;
  a.pads = {1, 1, 1, 1};
  a.groups = groups;
  return a;
}

ir::Conv2dAttrs ConvAct(ir::FusedActivation act, int64_t groups = 1) {
  ir::Conv2dAttrs a = Conv(groups);
  a.activation = act;
  return a;
}

ir::ValueId ConvNode(GraphBuilder& b, ir::ValueId x, int64_t m, int64_t c, uint64_t seed, const std::string& name,
                     bool bias = false) {
  std::vector<ir::ValueId> in = {x, b.RandomConst("w", Shape{m, c, 3, 3}, seed)};
  if (bias) in.push_back(b.RandomConst("b", Shape{m}, seed + 1));
  return b.Op(OpKind::kConv2d, in, Conv(), name);
}

TEST(ConvBiasActFusePass, FusesBiasAddAndRelu) {
  const Tensor w = RandomTensor(Shape{5, 3, 3, 3}, 1);
  const Tensor c = RandomTensor(Shape{1, 5, 1, 1}, 2);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3, 7, 9});
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.Const("w", w)}, Conv(), "conv");
  y = b.Op(OpKind::kAdd, {y, b.Const("c", c)}, ir::NoAttrs{}, "add");
  b.Output(b.Op(OpKind::kRelu, {y}, ir::NoAttrs{}, "act"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"conv_bias_act_fuse"}));
  EXPECT_EQ(stats[0].rewrites, 2);

  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{2, 3, 7, 9});
  Tensor c1 = c.Clone();
  c1.ReshapeInPlace(Shape{5});
  e.Output(e.Op(OpKind::kConv2d, {ex, e.Const("w", w), e.Const("b", c1)}, ConvAct({ActivationKind::kRelu}), "act"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_TRUE(SameOutputs(g, original, 200));
}

TEST(ConvBiasActFusePass, AddsAConstantToAnExistingBiasInEitherOperandOrder) {
  const Tensor w = RandomTensor(Shape{4, 3, 3, 3}, 3);
  const Tensor bias = RandomTensor(Shape{4}, 4);
  const Tensor c = RandomTensor(Shape{4, 1, 1}, 5);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 3, 6, 5});
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.Const("w", w), b.Const("b", bias)}, Conv(), "conv");
  b.Output(b.Op(OpKind::kAdd, {b.Const("c", c), y}, ir::NoAttrs{}, "add"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK(RunPasses(g, {"conv_bias_act_fuse"}).status());
  Tensor sum(DType::kFloat32, Shape{4});
  for (int i = 0; i < 4; ++i) sum.data<float>()[i] = static_cast<float>(bias.GetDouble(i) + c.GetDouble(i));
  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{1, 3, 6, 5});
  e.Output(e.Op(OpKind::kConv2d, {ex, e.Const("w", w), e.Const("b", sum)}, Conv(), "add"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_TRUE(SameOutputs(g, original, 201));
}

// Every activation kind with its parameters, on a depthwise conv and on a dense one.
TEST(ConvBiasActFusePass, FusesEachActivationKind) {
  struct Case {
    OpKind kind;
    ir::Attrs attrs;
    ir::FusedActivation expect;
  };
  const std::vector<Case> cases = {
      {OpKind::kRelu, ir::NoAttrs{}, {ActivationKind::kRelu}},
      {OpKind::kClip, ir::ClipAttrs{0.0f, 6.0f}, {ActivationKind::kClip, 0.0f, 6.0f}},
      {OpKind::kClip, ir::ClipAttrs{-0.25f, 0.5f}, {ActivationKind::kClip, -0.25f, 0.5f}},
      {OpKind::kLeakyRelu, ir::LeakyReluAttrs{0.1f}, {ActivationKind::kLeakyRelu, 0.1f}},
      {OpKind::kHardSwish, ir::HardSwishAttrs{}, {ActivationKind::kHardSwish, 6.0f, 6.0f, 3.0f}},
      {OpKind::kHardSwish, ir::HardSwishAttrs{5.0f, 4.0f, 2.0f}, {ActivationKind::kHardSwish, 5.0f, 4.0f, 2.0f}},
      {OpKind::kHardSigmoid, ir::HardSigmoidAttrs{0.2f, 0.5f}, {ActivationKind::kHardSigmoid, 0.2f, 0.5f}},
      {OpKind::kSigmoid, ir::NoAttrs{}, {ActivationKind::kSigmoid}},
      {OpKind::kSwish, ir::SwishAttrs{1.5f}, {ActivationKind::kSwish, 1.5f}},
  };
  uint64_t seed = 300;
  for (const Case& c : cases) {
    for (int64_t groups : {int64_t{1}, int64_t{8}}) {
      SCOPED_TRACE(std::string(ir::OpKindName(c.kind)) + " groups=" + std::to_string(groups));
      GraphBuilder b;
      ir::ValueId x = b.Input("x", Shape{2, 8, 7, 6});
      const Tensor w = RandomTensor(Shape{8, 8 / groups, 3, 3}, seed++, -2.0f, 2.0f);
      const Tensor bias = RandomTensor(Shape{8}, seed++);
      ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.Const("w", w), b.Const("b", bias)}, Conv(groups), "conv");
      b.Output(b.Op(c.kind, {y}, c.attrs, "act"));
      OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
      const ir::Graph original = g;
      OAR_ASSERT_OK(RunPasses(g, {"conv_bias_act_fuse"}).status());
      GraphBuilder e;
      ir::ValueId ex = e.Input("x", Shape{2, 8, 7, 6});
      e.Output(e.Op(OpKind::kConv2d, {ex, e.Const("w", w), e.Const("b", bias)}, ConvAct(c.expect, groups), "act"));
      OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
      EXPECT_GRAPHS_EQUIVALENT(g, expected);
      EXPECT_TRUE(SameOutputs(g, original, seed++));
    }
  }
}

// A residual block: relu(conv2(relu(conv1(x))) + x) -> one conv with residual and activation.
TEST(ConvBiasActFusePass, FusesResidualAddThenRelu) {
  const Tensor w1 = RandomTensor(Shape{6, 6, 3, 3}, 10), w2 = RandomTensor(Shape{6, 6, 3, 3}, 11);
  const Tensor b2 = RandomTensor(Shape{6}, 12);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 6, 5, 7});
  ir::ValueId h = b.Op(OpKind::kRelu, {b.Op(OpKind::kConv2d, {x, b.Const("w1", w1)}, Conv(), "conv1")});
  ir::ValueId y = b.Op(OpKind::kConv2d, {h, b.Const("w2", w2), b.Const("b2", b2)}, Conv(), "conv2");
  ir::ValueId s = b.Op(OpKind::kAdd, {x, y}, ir::NoAttrs{}, "add");  // the shortcut first
  b.Output(b.Op(OpKind::kRelu, {s}, ir::NoAttrs{}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  // The shortcut is the graph input itself: by default its channel count is not taken from the
  // declaration (next test), so the residual is only fused when x is fed at its declared shape.
  ir::Graph by_default = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(by_default, {"conv_bias_act_fuse"}));
  EXPECT_EQ(stats[0].rewrites, 1) << "only conv1's relu";
  OAR_ASSERT_OK_AND_ASSIGN(stats, RunPasses(g, {"conv_bias_act_fuse"}, TestPassOptions(), TrustInputShapes()));
  EXPECT_EQ(stats[0].rewrites, 3);

  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{2, 6, 5, 7});
  ir::ValueId eh = e.Op(OpKind::kConv2d, {ex, e.Const("w1", w1)}, ConvAct({ActivationKind::kRelu}), "conv1");
  e.Output(
      e.Op(OpKind::kConv2d, {eh, e.Const("w2", w2), e.Const("b2", b2), ex}, ConvAct({ActivationKind::kRelu}), "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_TRUE(SameOutputs(g, original, 210));
}

// Add(conv_a, conv_b): the conv stored later takes the earlier one's output as residual, so
// stored order stays topological (the PassManager checks it).
TEST(ConvBiasActFusePass, ResidualGoesIntoTheLaterConvWhenBothOperandsAreConvs) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 4, 6, 6});
  ir::ValueId a = ConvNode(b, x, 8, 4, 20, "conv_a", true);
  ir::ValueId c = ConvNode(b, x, 8, 4, 22, "conv_b", true);
  b.Output(b.Op(OpKind::kRelu, {b.Op(OpKind::kAdd, {a, c}, ir::NoAttrs{}, "add")}, ir::NoAttrs{}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK(RunPasses(g, {"conv_bias_act_fuse"}).status());
  ASSERT_EQ(CountLive(g), 2);
  const ir::Node& later = g.node(g.value(g.outputs()[0]).producer);
  ASSERT_EQ(later.inputs.size(), 4u);
  EXPECT_EQ(g.node(g.value(later.inputs[3]).producer).name, "conv_a");
  EXPECT_EQ(later.attr<ir::Conv2dAttrs>().activation.kind, ActivationKind::kRelu);
  EXPECT_TRUE(SameOutputs(g, original, 220));
}

// Unknown batch on both sides counts as the same shape; the conv schema re-checks at run time.
TEST(ConvBiasActFusePass, FusesResidualWithUnknownBatch) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 4, 5, 5});
  ir::ValueId y = ConvNode(b, x, 4, 4, 30, "conv");
  b.Output(b.Op(OpKind::kAdd, {y, x}, ir::NoAttrs{}, "add"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK(RunPasses(g, {"conv_bias_act_fuse"}, TestPassOptions(), TrustInputShapes()).status());
  EXPECT_EQ(CountLive(g), 1);
  EXPECT_TRUE(SameOutputs(g, original, 230));
}

// Negative cases run with trusted input shapes: the refusal must come from the pattern, not
// from shapes being unknown.
void ExpectNotFused(const ir::Graph& original) {
  ir::Graph g = original;
  auto stats = RunPasses(g, {"conv_bias_act_fuse"}, TestPassOptions(), TrustInputShapes());
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ((*stats)[0].rewrites, 0);
  EXPECT_GRAPHS_EQUIVALENT(g, original);
}

TEST(ConvBiasActFusePass, DoesNotFuseWhenTheConvOutputIsUsedTwiceOrIsAGraphOutput) {
  {
    GraphBuilder b;
    ir::ValueId x = b.Input("x", Shape{1, 3, 5, 5});
    ir::ValueId y = ConvNode(b, x, 4, 3, 40, "conv");
    b.Output(b.Op(OpKind::kRelu, {y}));
    b.Output(b.Op(OpKind::kSigmoid, {y}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
  {
    GraphBuilder b;
    ir::ValueId x = b.Input("x", Shape{1, 3, 5, 5});
    ir::ValueId y = ConvNode(b, x, 4, 3, 41, "conv");
    b.Output(y);
    b.Output(b.Op(OpKind::kRelu, {y}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
}

TEST(ConvBiasActFusePass, DoesNotFuseAnAddThatBroadcastsOrIsNotPerChannel) {
  {
    GraphBuilder b;  // residual [1,4,1,5] broadcast over rows: not the output's shape
    ir::ValueId x = b.Input("x", Shape{1, 3, 5, 5});
    ir::ValueId r = b.Input("r", Shape{1, 4, 1, 5});
    b.Output(b.Op(OpKind::kAdd, {ConvNode(b, x, 4, 3, 42, "conv"), r}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
  {
    GraphBuilder b;  // the add widens the conv output (batch 1 -> 3)
    ir::ValueId x = b.Input("x", Shape{1, 3, 5, 5});
    ir::ValueId r = b.Input("r", Shape{3, 4, 5, 5});
    b.Output(b.Op(OpKind::kAdd, {ConvNode(b, x, 4, 3, 43, "conv"), r}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
  {
    GraphBuilder b;  // constant varying over space
    ir::ValueId x = b.Input("x", Shape{1, 3, 5, 5});
    b.Output(b.Op(OpKind::kAdd, {ConvNode(b, x, 4, 3, 44, "conv"), b.RandomConst("c", Shape{5, 5}, 45)}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
  {
    GraphBuilder b;  // unknown batch on one side only
    ir::ValueId x = b.Input("x", Shape{1, 3, 5, 5});
    ir::ValueId r = b.Input("r", Shape{kUnknownDim, 4, 5, 5});
    b.Output(b.Op(OpKind::kAdd, {ConvNode(b, x, 4, 3, 46, "conv"), r}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
}

TEST(ConvBiasActFusePass, DoesNotFuseAfterAnActivationOrASecondResidual) {
  {
    GraphBuilder b;  // conv{relu} -> add bias: the activation must stay last
    ir::ValueId x = b.Input("x", Shape{1, 3, 5, 5});
    ir::ValueId y =
        b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 3, 3, 3}, 47)}, ConvAct({ActivationKind::kRelu}), "conv");
    b.Output(b.Op(OpKind::kAdd, {y, b.RandomConst("c", Shape{1, 4, 1, 1}, 48)}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
  {
    GraphBuilder b;  // conv with residual r1, then + r2: one residual only
    ir::ValueId x = b.Input("x", Shape{1, 3, 5, 5});
    ir::ValueId r1 = b.Input("r1", Shape{1, 4, 5, 5});
    ir::ValueId r2 = b.Input("r2", Shape{1, 4, 5, 5});
    ir::ValueId y =
        b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 3, 3, 3}, 49), ir::kNoValue, r1}, Conv(), "conv");
    b.Output(b.Op(OpKind::kAdd, {y, r2}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
}

TEST(ConvBiasActFusePass, DoesNotFuseAResidualProducedAfterTheConv) {
  // The add's other operand comes from a node stored after the conv and the add has no conv on
  // that side: fusing would make the conv read a value produced later.
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 4, 5, 5});
  ir::ValueId y = ConvNode(b, x, 4, 4, 50, "conv");
  ir::ValueId later = b.Op(OpKind::kSigmoid, {x}, ir::NoAttrs{}, "later");
  b.Output(b.Op(OpKind::kAdd, {y, later}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  ExpectNotFused(g);
}

TEST(ConvBiasActFusePass, DoesNotFuseNonF32OrUnknownActivations) {
  {
    GraphBuilder b;  // Tanh and Gelu have no fused form
    ir::ValueId x = b.Input("x", Shape{1, 3, 5, 5});
    b.Output(b.Op(OpKind::kTanh, {ConvNode(b, x, 4, 3, 51, "conv1")}));
    b.Output(b.Op(OpKind::kGelu, {ConvNode(b, x, 4, 3, 52, "conv2")}, ir::GeluAttrs{}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
  {
    GraphBuilder b;
    ir::ValueId x = b.Input("x", Shape{1, 2, 4, 4}, DType::kFloat64);
    Tensor w(DType::kFloat64, Shape{2, 2, 1, 1});
    for (int i = 0; i < 4; ++i) w.data<double>()[i] = 0.25 * i;
    ir::Conv2dAttrs a;
    a.pads = {0, 0, 0, 0};
    b.Output(b.Op(OpKind::kRelu, {b.Op(OpKind::kConv2d, {x, b.Const("w", w)}, a, "conv")}));
    OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
    ExpectNotFused(g);
  }
}

}  // namespace
}  // namespace oar::testing
