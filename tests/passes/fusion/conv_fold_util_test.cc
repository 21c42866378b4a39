// Folding a per-channel affine map into a Conv2d's weights and bias, and the refusals.
#include "passes/fusion/conv_fold_util.h"

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

TEST(ConvFoldUtil, FoldsScaleAndShiftComputedInDouble) {
  const Tensor w = RandomTensor(Shape{3, 2, 1, 2}, 1);
  const Tensor bias = RandomTensor(Shape{3}, 2);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 2, 3, 3});
  ir::Conv2dAttrs attrs;
  attrs.pads = {0, 0, 0, 0};
  b.Output(b.Op(OpKind::kConv2d, {x, b.Const("w", w), b.Const("b", bias)}, attrs, "conv"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  EXPECT_EQ(passes::ConvOutputChannels(g, 0), 3);
  EXPECT_EQ(passes::ConvAffineRefusal(g, 0, true), "");
  passes::ChannelAffine affine{{0.5, -2.0, 3.0}, {1.0, 0.0, -0.25}};
  passes::FoldAffineIntoConv(g, 0, affine);
  const Tensor& w2 = *g.value(g.node(0).inputs[1]).constant;
  const Tensor& b2 = *g.value(g.node(0).inputs[2]).constant;
  for (int64_t i = 0; i < w.numel(); ++i) {
    EXPECT_FLOAT_EQ(w2.data<float>()[i], static_cast<float>(affine.scale[static_cast<size_t>(i / 4)] * w.GetDouble(i)));
  }
  for (int64_t c = 0; c < 3; ++c) {
    EXPECT_FLOAT_EQ(b2.data<float>()[c], static_cast<float>(affine.scale[static_cast<size_t>(c)] * bias.GetDouble(c) +
                                                            affine.shift[static_cast<size_t>(c)]));
  }
  EXPECT_TRUE(TensorsNear(*g.value(g.FindValue("w")).constant, w, 0.0, 0.0)) << "the old weight is untouched";
}

TEST(ConvFoldUtil, ShiftOnlyAddsABiasAndNeedsNoConstantWeight) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 2, 3, 3});
  ir::ValueId w = b.Input("w", Shape{4, 2, 3, 3});
  b.Output(b.Op(OpKind::kConv2d, {x, w}, ir::Conv2dAttrs{}, "conv"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  EXPECT_NE(passes::ConvAffineRefusal(g, 0, true).find("not an f32 constant"), std::string::npos);
  EXPECT_EQ(passes::ConvAffineRefusal(g, 0, false), "");
  passes::FoldAffineIntoConv(g, 0, passes::ChannelAffine{{}, {1, 2, 3, 4}});
  ASSERT_EQ(g.node(0).inputs.size(), 3u);
  EXPECT_EQ(g.node(0).inputs[1], w);
  EXPECT_TRUE(TensorsNear(*g.value(g.node(0).inputs[2]).constant,
                          MakeTensor<float>(Shape{4}, std::vector<float>{1, 2, 3, 4}.data())));
}

TEST(ConvFoldUtil, RefusalsNameTheReason) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 2, 3, 3});
  ir::ValueId r = b.Input("r", Shape{1, 4, 1, 1});
  ir::ValueId bias_in = b.Input("bias", Shape{4});
  ir::Conv2dAttrs act;
  act.activation.kind = ir::ActivationKind::kSigmoid;
  b.Output(b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 2, 3, 3}, 3)}, act, "with_act"));
  b.Output(b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 2, 3, 3}, 4), ir::kNoValue, r}, ir::Conv2dAttrs{},
                "with_residual"));
  b.Output(
      b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{4, 2, 3, 3}, 5), bias_in}, ir::Conv2dAttrs{}, "runtime_bias"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  EXPECT_NE(passes::ConvAffineRefusal(g, 0, false).find("fused activation"), std::string::npos);
  EXPECT_NE(passes::ConvAffineRefusal(g, 1, true).find("residual"), std::string::npos);
  EXPECT_EQ(passes::ConvAffineRefusal(g, 1, false), "") << "a shift may follow a residual";
  EXPECT_NE(passes::ConvAffineRefusal(g, 2, false).find("bias 'bias' is not an f32 constant"), std::string::npos);
}

}  // namespace
}  // namespace oar::testing
