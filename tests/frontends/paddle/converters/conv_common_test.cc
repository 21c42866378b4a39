// ConvertConvolution (conv_common.cc), exercised through Paddle conv2d ops.
#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

using testing::ProgramBuilder;

// Naive NCHW convolution; pads {top, left, bottom, right}.
Tensor RefConv(const Tensor& x, const Tensor& w, std::vector<int64_t> pads, std::vector<int64_t> strides,
               std::vector<int64_t> dil, int64_t groups) {
  const auto& xd = x.shape().dims();
  const auto& wd = w.shape().dims();
  int64_t n = xd[0], c = xd[1], h = xd[2], wi = xd[3], m = wd[0], cg = wd[1], kh = wd[2], kw = wd[3];
  int64_t oh = (h + pads[0] + pads[2] - (dil[0] * (kh - 1) + 1)) / strides[0] + 1;
  int64_t ow = (wi + pads[1] + pads[3] - (dil[1] * (kw - 1) + 1)) / strides[1] + 1;
  Tensor y(DType::kFloat32, Shape({n, m, oh, ow}));
  int64_t mg = m / groups;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t o = 0; o < m; ++o)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          double acc = 0;
          int64_t g = o / mg;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t a = 0; a < kh; ++a)
              for (int64_t q = 0; q < kw; ++q) {
                int64_t yy = i * strides[0] - pads[0] + a * dil[0], xx = j * strides[1] - pads[1] + q * dil[1];
                if (yy < 0 || yy >= h || xx < 0 || xx >= wi) continue;
                acc += x.data<float>()[((b * c + g * cg + ci) * h + yy) * wi + xx] *
                       w.data<float>()[((o * cg + ci) * kh + a) * kw + q];
              }
          y.data<float>()[((b * m + o) * oh + i) * ow + j] = static_cast<float>(acc);
        }
  (void)c;
  return y;
}

ProgramBuilder ConvProgram(const Tensor& w, const std::vector<int32_t>& paddings, const std::vector<int32_t>& strides,
                           int groups, const std::vector<int64_t>& out_dims) {
  ProgramBuilder b;
  b.Feed("x", {-1, 4, 7, 9});
  b.Weight("w", w);
  b.Var("y", testing::kFp32, out_dims);
  b.Op("conv2d")
      .In("Input", {"x"})
      .In("Filter", {"w"})
      .In("Bias", {})
      .In("ResidualData", {})
      .Out("Output", {"y"})
      .Ints("strides", strides)
      .Ints("paddings", paddings)
      .Ints("dilations", {1, 2})
      .Int("groups", groups)
      .String("padding_algorithm", "EXPLICIT")
      .String("data_format", "NCHW")
      .Bool("fuse_relu", false)
      .String("fuse_activation", "")
      .Float("fuse_alpha", 0.0f)
      .Bool("use_cudnn", true)
      .Int("workspace_size_MB", 512)
      .Bool("exhaustive_search", false);
  b.Fetch("y");
  return b;
}

TEST(ConvCommonTest, FourPaddingsAreReordered) {
  Tensor w = oar::testing::RandomTensor(Shape({6, 2, 3, 3}), 1);
  // Paddle [top, bottom, left, right] = [1, 2, 0, 3] -> IR {top, left, bottom, right} = {1, 0, 2, 3}.
  ir::Graph g = testing::ConvertOrDie(ConvProgram(w, {1, 2, 0, 3}, {2, 1}, 2, {-1, 6, 4, 8}));
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kConv2d);
  const auto& a = n.attr<ir::Conv2dAttrs>();
  EXPECT_EQ(a.pads, (std::vector<int64_t>{1, 0, 2, 3}));
  EXPECT_EQ(a.strides, (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(a.dilations, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(a.groups, 2);
  EXPECT_EQ(a.pad_mode, ir::PadMode::kExplicit);
  ASSERT_EQ(n.inputs.size(), 2u);  // no bias
  EXPECT_EQ(g.value(n.outputs[0]).name, "y");
  ir::Graph inferred = testing::ConvertOrDie(ConvProgram(w, {1, 2, 0, 3}, {2, 1}, 2, {-1, 6, 4, 8}));
  testing::ExpectInferred(inferred, "y", DType::kFloat32, Shape({-1, 6, 4, 8}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 4, 7, 9}), 2);
  testing::ExpectGraphOutputs(g, {x}, {RefConv(x, w, {1, 0, 2, 3}, {2, 1}, {1, 2}, 2)}, 1e-4, 1e-5);
}

TEST(ConvCommonTest, TwoPaddingsAreSymmetric) {
  Tensor w = oar::testing::RandomTensor(Shape({3, 4, 3, 3}), 3);
  ir::Graph g = testing::ConvertOrDie(ConvProgram(w, {2, 1}, {1, 1}, 1, {-1, 3, 9, 7}));
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kConv2d).attr<ir::Conv2dAttrs>().pads, (std::vector<int64_t>{2, 1, 2, 1}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({1, 4, 7, 9}), 4);
  testing::ExpectGraphOutputs(g, {x}, {RefConv(x, w, {2, 1, 2, 1}, {1, 1}, {1, 2}, 1)}, 1e-4, 1e-5);
}

TEST(ConvCommonTest, PaddingAlgorithmAndDefaults) {
  ProgramBuilder b;
  b.Feed("x", {-1, 2, 5, 5});
  b.Weight("w", oar::testing::RandomTensor(Shape({2, 2, 3, 3}), 5));
  b.Weight("bias", oar::testing::RandomTensor(Shape({2}), 6));
  b.Var("y", testing::kFp32, {-1, 2, 3, 3});
  // A 2018 file: no padding_algorithm, data_format AnyLayout, no groups/dilations.
  b.Op("conv2d")
      .In("Input", {"x"})
      .In("Filter", {"w"})
      .In("Bias", {"bias"})
      .Out("Output", {"y"})
      .String("data_format", "AnyLayout");
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kConv2d);
  const auto& a = n.attr<ir::Conv2dAttrs>();
  EXPECT_EQ(a.pads, (std::vector<int64_t>{0, 0, 0, 0}));
  EXPECT_EQ(a.strides, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(a.groups, 1);
  ASSERT_EQ(n.inputs.size(), 3u);
  EXPECT_EQ(g.value(n.inputs[2]).name, "bias");

  ProgramBuilder same;
  same.Feed("x", {-1, 2, 5, 5});
  same.Weight("w", oar::testing::RandomTensor(Shape({2, 2, 3, 3}), 5));
  same.Var("y", testing::kFp32, {-1, 2, 5, 5});
  same.Op("conv2d").In("Input", {"x"}).In("Filter", {"w"}).Out("Output", {"y"}).String("padding_algorithm", "SAME");
  same.Fetch("y");
  ir::Graph s = testing::ConvertOrDie(same);
  EXPECT_EQ(testing::OnlyNode(s, ir::OpKind::kConv2d).attr<ir::Conv2dAttrs>().pad_mode, ir::PadMode::kSame);
}

TEST(ConvCommonTest, UnsupportedVariantsSayWhy) {
  Tensor w = oar::testing::RandomTensor(Shape({2, 4, 1, 1}), 7);
  auto with = [&](auto edit) {
    ProgramBuilder b = ConvProgram(w, {0, 0}, {1, 1}, 1, {-1, 2, 7, 9});
    edit(testing::OpBuilder(b.block()->mutable_ops(1)));
    return b;
  };
  testing::ExpectConvertError(with([](testing::OpBuilder op) { op.String("data_format", "NHWC"); }),
                              ErrorCode::kUnsupported, {"'conv2d'", "attribute 'data_format' = \"NHWC\"", "only NCHW"});
  testing::ExpectConvertError(with([](testing::OpBuilder op) { op.Bool("fuse_residual_connection", true); }),
                              ErrorCode::kUnsupported, {"attribute 'fuse_residual_connection' = true"});
  testing::ExpectConvertError(with([](testing::OpBuilder op) { op.String("padding_algorithm", "CIRCULAR"); }),
                              ErrorCode::kUnsupported, {"'padding_algorithm' = \"CIRCULAR\""});
  testing::ExpectConvertError(with([](testing::OpBuilder op) {
                                op.Ints("paddings", {1, 2, 3});
                              }),
                              ErrorCode::kInvalidGraph, {"attribute 'paddings': expected 2", "got [1,2,3]"});
  testing::ExpectConvertError(with([](testing::OpBuilder op) { op.Int("groups", 0); }), ErrorCode::kInvalidGraph,
                              {"'groups' must be >= 1, got 0"});
}

}  // namespace
}  // namespace oar::frontends::paddle
