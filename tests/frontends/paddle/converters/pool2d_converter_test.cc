#include <algorithm>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

template <typename Fn>
testing::ProgramBuilder PoolProgram(const std::vector<int64_t>& out_dims, Fn attrs) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 2, 6, 7});
  b.Var("y", testing::kFp32, out_dims);
  testing::OpBuilder op = b.Op("pool2d").In("X", {"x"}).Out("Out", {"y"});
  attrs(op);
  b.Fetch("y");
  return b;
}

TEST(Pool2dConverterTest, MaxWithFourPaddings) {
  auto b = PoolProgram({-1, 2, 3, 4}, [](testing::OpBuilder& op) {
    op.String("pooling_type", "max").Ints("ksize", {3, 2}).Ints("strides", {2, 2}).Ints("paddings", {1, 0, 0, 1});
  });
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kPool2d).attr<ir::Pool2dAttrs>();
  EXPECT_EQ(a.type, ir::PoolType::kMax);
  EXPECT_EQ(a.kernel, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(a.strides, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(a.pads, (std::vector<int64_t>{1, 0, 0, 1}));  // [top, bottom, left, right] -> {t, l, b, r}
  EXPECT_FALSE(a.global);
  EXPECT_TRUE(a.exclusive);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({1, 2, 6, 7}), 1);
  Tensor want(DType::kFloat32, Shape({1, 2, 3, 4}));
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 4; ++j) {
        float m = -1e30f;
        for (int a2 = 0; a2 < 3; ++a2)
          for (int q = 0; q < 2; ++q) {
            int yy = 2 * i - 1 + a2, xx = 2 * j + q;
            if (yy >= 0 && yy < 6 && xx < 7) m = std::max(m, x.data<float>()[(c * 6 + yy) * 7 + xx]);
          }
        want.data<float>()[(c * 3 + i) * 4 + j] = m;
      }
  testing::ExpectGraphOutputs(g, {x}, {want});
}

TEST(Pool2dConverterTest, GlobalAverageIgnoresKsizeAndPaddings) {
  auto b = PoolProgram({-1, 2, 1, 1}, [](testing::OpBuilder& op) {
    op.String("pooling_type", "avg").Ints("ksize", {-1, -1}).Bool("global_pooling", true).Ints("paddings", {1, 1});
  });
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kPool2d).attr<ir::Pool2dAttrs>();
  EXPECT_TRUE(a.global);
  EXPECT_EQ(a.type, ir::PoolType::kAvg);
  EXPECT_EQ(a.pads, (std::vector<int64_t>{0, 0, 0, 0}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({3, 2, 6, 7}), 2);
  Tensor want(DType::kFloat32, Shape({3, 2, 1, 1}));
  for (int nc = 0; nc < 6; ++nc) {
    double s = 0;
    for (int k = 0; k < 42; ++k) s += x.data<float>()[nc * 42 + k];
    want.data<float>()[nc] = static_cast<float>(s / 42);
  }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-6);
}

TEST(Pool2dConverterTest, AdaptiveCeilExclusiveAndAlgorithm) {
  auto b = PoolProgram({-1, 2, 2, 3}, [](testing::OpBuilder& op) {
    op.String("pooling_type", "avg").Ints("ksize", {2, 3}).Bool("adaptive", true).Ints("paddings", {1, 1});
  });
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kPool2d).attr<ir::Pool2dAttrs>();
  EXPECT_TRUE(a.adaptive);
  EXPECT_EQ(a.kernel, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a.pads, (std::vector<int64_t>{0, 0, 0, 0}));
  auto c = PoolProgram({-1, 2, 3, 4}, [](testing::OpBuilder& op) {
    op.String("pooling_type", "avg")
        .Ints("ksize", {2, 2})
        .Ints("strides", {2, 2})
        .Bool("ceil_mode", true)
        .Bool("exclusive", false)
        .String("padding_algorithm", "VALID");
  });
  ir::Graph h = testing::ConvertOrDie(c);
  const auto& ca = testing::OnlyNode(h, ir::OpKind::kPool2d).attr<ir::Pool2dAttrs>();
  EXPECT_TRUE(ca.ceil_mode);
  EXPECT_FALSE(ca.exclusive);
  EXPECT_EQ(ca.pad_mode, ir::PadMode::kValid);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({1, 2, 6, 7}), 3);
  // Adaptive bins: rows [0,3) [3,6); cols [0,3) [2,5) [4,7).
  Tensor want(DType::kFloat32, Shape({1, 2, 2, 3}));
  for (int ch = 0; ch < 2; ++ch)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 3; ++j) {
        int r0 = i * 6 / 2, r1 = ((i + 1) * 6 + 1) / 2, c0 = j * 7 / 3, c1 = ((j + 1) * 7 + 2) / 3;
        double s = 0;
        for (int r = r0; r < r1; ++r)
          for (int q = c0; q < c1; ++q) s += x.data<float>()[(ch * 6 + r) * 7 + q];
        want.data<float>()[(ch * 2 + i) * 3 + j] = static_cast<float>(s / ((r1 - r0) * (c1 - c0)));
      }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-6);
}

TEST(Pool2dConverterTest, ErrorsNameTheProblem) {
  testing::ExpectConvertError(PoolProgram({-1, 2, 3, 3},
                                          [](testing::OpBuilder& op) {
                                            op.Ints("ksize", {2, 2});
                                          }),
                              ErrorCode::kInvalidGraph, {"required attribute 'pooling_type' is missing"});
  testing::ExpectConvertError(
      PoolProgram({-1, 2, 3, 3},
                  [](testing::OpBuilder& op) {
                    op.String("pooling_type", "max").Ints("ksize", {2, 2}).String("data_format", "NHWC");
                  }),
      ErrorCode::kUnsupported, {"'data_format' = \"NHWC\""});
  testing::ExpectConvertError(
      PoolProgram({-1, 2, 3, 3}, [](testing::OpBuilder& op) { op.String("pooling_type", "max").Ints("ksize", {2}); }),
      ErrorCode::kInvalidGraph, {"'ksize' and 'strides' must have 2 values"});
}

}  // namespace
}  // namespace oar::frontends::paddle
