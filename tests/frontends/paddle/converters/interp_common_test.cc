// ConvertInterpolate (interp_common.cc): output-size priority, defaults and folding, through the
// four Paddle resize ops.
#include <cmath>
#include <functional>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

using testing::ProgramBuilder;

ProgramBuilder Interp(const std::string& type, const std::vector<int64_t>& out_dims,
                      const std::function<void(ProgramBuilder&, testing::OpBuilder&)>& setup) {
  ProgramBuilder b;
  b.Feed("x", {-1, 2, 4, 6});
  b.Var("y", testing::kFp32, out_dims);
  testing::OpBuilder op = b.Op(type).In("X", {"x"}).Out("Out", {"y"});
  setup(b, op);
  b.Fetch("y");
  return b;
}

const ir::ResizeAttrs& ResizeOf(const ir::Graph& g) {
  return testing::OnlyNode(g, ir::OpKind::kResize).attr<ir::ResizeAttrs>();
}

TEST(InterpCommonTest, V2ScaleAttributeGivesTheSizeOverOutHw) {
  ir::Graph g = testing::ConvertOrDie(Interp("nearest_interp_v2", {-1, 2, 8, 12}, [](ProgramBuilder&, auto& op) {
    op.Floats("scale", {2.0f, 2.0f})
        .Int("out_h", 5)
        .Int("out_w", 5)
        .Bool("align_corners", false)
        .Int("align_mode", 0)
        .String("interp_method", "nearest")
        .String("data_layout", "NCHW");
  }));
  const auto& a = ResizeOf(g);
  EXPECT_EQ(a.mode, ir::ResizeMode::kNearest);
  EXPECT_EQ(a.scale_h, 2.0f);
  EXPECT_EQ(a.scale_w, 2.0f);
  EXPECT_EQ(a.out_h, -1);
  EXPECT_EQ(a.out_w, -1);
  EXPECT_FALSE(a.align_corners);
  EXPECT_EQ(a.align_mode, 0);
  testing::ExpectInferred(g, "y", DType::kFloat32, Shape({-1, 2, 8, 12}));
}

TEST(InterpCommonTest, OutHwWithoutScaleAndPaddleDefaults) {
  ir::Graph g = testing::ConvertOrDie(
      Interp("bilinear_interp", {-1, 2, 3, 5}, [](ProgramBuilder&, auto& op) { op.Int("out_h", 3).Int("out_w", 5); }));
  const auto& a = ResizeOf(g);
  EXPECT_EQ(a.mode, ir::ResizeMode::kBilinear);
  EXPECT_TRUE(a.align_corners);  // Paddle's default
  EXPECT_EQ(a.align_mode, 1);
  EXPECT_EQ(a.out_h, 3);
  EXPECT_EQ(a.out_w, 5);
  EXPECT_LT(a.scale_h, 0.0f);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  // align_corners bilinear: src = dst * (in-1)/(out-1).
  Tensor x = oar::testing::RandomTensor(Shape({1, 2, 4, 6}), 1);
  Tensor want(DType::kFloat32, Shape({1, 2, 3, 5}));
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 5; ++j) {
        float sy = i * 3.0f / 2.0f, sx = j * 5.0f / 4.0f;
        int y0 = static_cast<int>(sy), x0 = static_cast<int>(sx);
        int y1 = std::min(y0 + 1, 3), x1 = std::min(x0 + 1, 5);
        float dy = sy - y0, dx = sx - x0;
        auto at = [&](int yy, int xx) { return x.data<float>()[(c * 4 + yy) * 6 + xx]; };
        want.data<float>()[(c * 3 + i) * 5 + j] =
            (1 - dy) * ((1 - dx) * at(y0, x0) + dx * at(y0, x1)) + dy * ((1 - dx) * at(y1, x0) + dx * at(y1, x1));
      }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-5);
}

TEST(InterpCommonTest, ConstantSizeTensorAndOutSizeAreFolded) {
  ir::Graph g = testing::ConvertOrDie(Interp("nearest_interp_v2", {-1, 2, 7, 9}, [](ProgramBuilder& b, auto& op) {
    b.Weight("h", testing::Make<int32_t>(Shape({1}), {7}));
    b.Weight("w", testing::Make<int32_t>(Shape({1}), {9}));
    b.Weight("os", testing::Make<int32_t>(Shape({2}), {3, 3}));
    op.In("SizeTensor", {"h", "w"}).In("OutSize", {"os"}).Floats("scale", {2.0f});  // SizeTensor wins
  }));
  const auto& a = ResizeOf(g);
  EXPECT_EQ(a.out_h, 7);
  EXPECT_EQ(a.out_w, 9);
  EXPECT_LT(a.scale_h, 0.0f);  // Paddle ignores every scale when SizeTensor is given
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kResize).inputs.size(), 1u);

  ir::Graph o = testing::ConvertOrDie(Interp("nearest_interp", {-1, 2, 3, 3}, [](ProgramBuilder& b, auto& op) {
    b.Weight("os", testing::Make<int32_t>(Shape({2}), {3, 3}));
    op.In("OutSize", {"os"}).Float("scale", 2.0f);  // OutSize overrides the scale-derived size
  }));
  EXPECT_EQ(ResizeOf(o).out_h, 3);
  EXPECT_EQ(ResizeOf(o).scale_h, 2.0f);
}

TEST(InterpCommonTest, RuntimeSizeInputsBecomeOperands) {
  ir::Graph g = testing::ConvertOrDie(Interp("bilinear_interp_v2", {-1, 2, -1, -1}, [](ProgramBuilder& b, auto& op) {
    b.Feed("h", {1}, 1, testing::kInt32);
    b.Feed("w", {1}, 2, testing::kInt32);
    op.In("SizeTensor", {"h", "w"}).Bool("align_corners", false).Int("align_mode", 0);
  }));
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kResize);
  ASSERT_EQ(n.inputs.size(), 2u);
  EXPECT_EQ(g.node(g.value(n.inputs[1]).producer).kind, ir::OpKind::kConcat);

  ir::Graph s = testing::ConvertOrDie(Interp("nearest_interp_v2", {-1, 2, -1, -1}, [](ProgramBuilder& b, auto& op) {
    b.Feed("sc", {1}, 1);
    op.In("Scale", {"sc"}).Int("out_h", 4).Int("out_w", 4);
  }));
  const ir::Node& m = testing::OnlyNode(s, ir::OpKind::kResize);
  ASSERT_EQ(m.inputs.size(), 3u);
  EXPECT_EQ(m.inputs[1], ir::kNoValue);
  EXPECT_EQ(s.node(s.value(m.inputs[2]).producer).kind, ir::OpKind::kConcat);  // [1] -> [2] (h, w)
  EXPECT_EQ(m.attr<ir::ResizeAttrs>().out_h, -1);                              // a run-time scale overrides out_h/out_w
  OAR_SKIP_UNLESS_RUNNABLE(s);
  Tensor x = oar::testing::RandomTensor(Shape({1, 2, 4, 6}), 2);
  auto out = testing::RunGraph(s, {x, testing::Make<float>(Shape({1}), {2.0f})});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)[0].shape(), Shape({1, 2, 8, 12}));
}

TEST(InterpCommonTest, Errors) {
  testing::ExpectConvertError(Interp("nearest_interp_v2", {-1, 2, -1, -1}, [](ProgramBuilder&, auto&) {}),
                              ErrorCode::kInvalidGraph, {"'nearest_interp_v2'", "no output size"});
  testing::ExpectConvertError(
      Interp("bilinear_interp_v2", {-1, 2, 8, 8},
             [](ProgramBuilder&, auto& op) { op.String("interp_method", "bicubic").Int("out_h", 8).Int("out_w", 8); }),
      ErrorCode::kUnsupported, {"attribute 'interp_method' = \"bicubic\""});
  testing::ExpectConvertError(
      Interp("nearest_interp_v2", {-1, 2, 8, 8},
             [](ProgramBuilder&, auto& op) { op.String("data_layout", "NHWC").Int("out_h", 8).Int("out_w", 8); }),
      ErrorCode::kUnsupported, {"'data_layout' = \"NHWC\""});
}

}  // namespace
}  // namespace oar::frontends::paddle
