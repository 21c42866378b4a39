// The text printer: node lines, constants, absent inputs, and the fused activation of
// Conv2d / MatMul (printed only when set, with its parameters).
#include "ir/printer.h"

#include <gtest/gtest.h>

#include "ir/op_schema.h"
#include "test_util.h"

namespace oar::ir {
namespace {

TEST(PrinterTest, PrintsFusedActivationsOnlyWhenSet) {
  Conv2dAttrs conv;
  conv.pads = {1, 1, 1, 1};
  EXPECT_EQ(PrintAttrs(conv).find("activation"), std::string::npos);
  conv.activation = {ActivationKind::kRelu};
  EXPECT_NE(PrintAttrs(conv).find("activation=relu}"), std::string::npos) << PrintAttrs(conv);
  conv.activation = {ActivationKind::kClip, 0.0f, 6.0f};
  EXPECT_NE(PrintAttrs(conv).find("activation=clip(0,6)"), std::string::npos) << PrintAttrs(conv);
  conv.activation = {ActivationKind::kHardSwish, 6.0f, 6.0f, 3.0f};
  EXPECT_NE(PrintAttrs(conv).find("activation=hard_swish(6,6,3)"), std::string::npos) << PrintAttrs(conv);
  conv.activation = {ActivationKind::kLeakyRelu, 0.1f};
  EXPECT_NE(PrintAttrs(conv).find("activation=leaky_relu(0.1)"), std::string::npos) << PrintAttrs(conv);

  MatMulAttrs mm;
  EXPECT_EQ(PrintAttrs(mm), "");
  mm.activation = {ActivationKind::kHardSigmoid, 0.2f, 0.5f};
  EXPECT_EQ(PrintAttrs(mm), "{activation=hard_sigmoid(0.2,0.5)}");
  mm.activation = {ActivationKind::kSwish, 1.5f};
  mm.transpose_b = true;
  EXPECT_EQ(PrintAttrs(mm), "{transpose_b=true, activation=swish(1.5)}");
  mm.activation = {ActivationKind::kSigmoid};
  EXPECT_EQ(PrintAttrs(mm), "{transpose_b=true, activation=sigmoid}");
}

TEST(PrinterTest, PrintsAFusedConvWithResidualInput) {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{1, 2, 3, 3});
  ValueId r = g.AddValue("r", DType::kFloat32, Shape{1, 2, 3, 3});
  g.AddInput(x);
  g.AddInput(r);
  ValueId w = g.AddConstant("w", testing::RandomTensor(Shape{2, 2, 1, 1}, 1));
  ValueId y = g.AddValue("y", DType::kUndefined, Shape{});
  Conv2dAttrs conv;
  conv.activation = {ActivationKind::kRelu};
  g.AddNode("conv", OpKind::kConv2d, {x, w, kNoValue, r}, {y}, conv);
  g.AddOutput(y);
  ASSERT_TRUE(InferShapes(g).ok());
  const std::string line = PrintNode(g, 0);
  EXPECT_EQ(line,
            "%y = conv2d(%x, $w: f32[2,2,1,1], _, %r) {strides=[1,1], pads=[0,0,0,0], dilations=[1,1], groups=1, "
            "activation=relu}  # conv -> f32[1,2,3,3]");
}

}  // namespace
}  // namespace oar::ir
