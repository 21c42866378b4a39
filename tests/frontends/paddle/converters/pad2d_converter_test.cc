#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(Pad2dConverterTest, NchwConstantPads) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("pad2d", {1, 2, 3, 4}, [](testing::OpBuilder& op) {
    op.Ints("paddings", {1, 0, 2, 1}).String("mode", "constant").Float("pad_value", 0.5f).String("data_format", "NCHW");
  }));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kPad).attr<ir::PadAttrs>();
  EXPECT_EQ(a.pads, (std::vector<int64_t>{0, 0, 1, 2, 0, 0, 0, 1}));
  EXPECT_EQ(a.type, ir::PadType::kConstant);
  EXPECT_EQ(a.value, 0.5f);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({1, 2, 3, 4}), 1);
  Tensor want(DType::kFloat32, Shape({1, 2, 4, 7}));
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 7; ++j) {
        int si = i - 1, sj = j - 2;
        bool in = si >= 0 && si < 3 && sj >= 0 && sj < 4;
        want.data<float>()[(c * 4 + i) * 7 + j] = in ? x.data<float>()[(c * 3 + si) * 4 + sj] : 0.5f;
      }
  testing::ExpectGraphOutputs(g, {x}, {want});
}

TEST(Pad2dConverterTest, NhwcReflectEdgeAndErrors) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("pad2d", {1, 3, 4, 2}, [](testing::OpBuilder& op) {
    op.Ints("paddings", {1, 2, 3, 0}).String("mode", "reflect").String("data_format", "NHWC");
  }));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kPad).attr<ir::PadAttrs>();
  EXPECT_EQ(a.pads, (std::vector<int64_t>{0, 1, 3, 0, 0, 2, 0, 0}));
  EXPECT_EQ(a.type, ir::PadType::kReflect);
  ir::Graph e = testing::ConvertOrDie(
      testing::UnaryProgram("pad2d", {1, 1, 2, 2}, [](testing::OpBuilder& op) { op.String("mode", "edge"); }));
  EXPECT_EQ(testing::OnlyNode(e, ir::OpKind::kPad).attr<ir::PadAttrs>().type, ir::PadType::kEdge);
  testing::ExpectConvertError(
      testing::UnaryProgram("pad2d", {1, 1, 2, 2}, [](testing::OpBuilder& op) { op.String("mode", "circular"); }),
      ErrorCode::kUnsupported, {"attribute 'mode' = \"circular\""});
  testing::ExpectConvertError(testing::UnaryProgram("pad2d", {1, 1, 2, 2},
                                                    [](testing::OpBuilder& op) {
                                                      op.Ints("paddings", {1, 1});
                                                    }),
                              ErrorCode::kInvalidGraph, {"'paddings' must have 4 values"});
}

}  // namespace
}  // namespace oar::frontends::paddle
