// The reference Resize: hand-checked small examples for each coordinate rule, and a naive
// float64 implementation (written from the attrs.h formulas) on random shapes.
#include <cmath>
#include <string>
#include <vector>

#include "nn_ref_test_util.h"
#include "kernels/tensor_attrs_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using ir::ResizeAttrs;
using ir::ResizeMode;


constexpr ResizeMode kNearest = ResizeMode::kNearest;
constexpr ResizeMode kBilinear = ResizeMode::kBilinear;

TEST(RefResizeTest, NearestTruncatesWithoutAlignCorners) {
  Tensor x = F32(Shape{1, 1, 2, 2}, {1, 2, 3, 4});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kResize, ResizeAttrsOf(kNearest, false, 1, 4, 4), {&x}));
  EXPECT_TRUE(TensorsNear(y, F32(Shape{1, 1, 4, 4}, {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4})));
}

TEST(RefResizeTest, NearestRoundsWithAlignCorners) {
  // in 3 -> out 5: ratio 0.5, src = int(0.5*d + 0.5) = 0,1,1,2,2.
  Tensor x = F32(Shape{1, 1, 1, 3}, {10, 20, 30});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kResize, ResizeAttrsOf(kNearest, true, 1, 1, 5), {&x}));
  EXPECT_TRUE(TensorsNear(y, F32(Shape{1, 1, 1, 5}, {10, 20, 20, 30, 30})));
}

TEST(RefResizeTest, BilinearAlignCorners) {
  Tensor x = F32(Shape{1, 1, 2, 2}, {0, 1, 2, 3});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kResize, ResizeAttrsOf(kBilinear, true, 0, 3, 3), {&x}));
  EXPECT_TRUE(TensorsNear(y, F32(Shape{1, 1, 3, 3}, {0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3})));
}

TEST(RefResizeTest, BilinearAlignMode0IsHalfPixelClampedAtZero) {
  // ratio 0.5: src = (d+0.5)*0.5-0.5 = -0.25 (->0), 0.25, 0.75, 1.25 (both taps at 1).
  Tensor x = F32(Shape{1, 1, 1, 2}, {0, 1});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kResize, ResizeAttrsOf(kBilinear, false, 0, 1, 4), {&x}));
  EXPECT_TRUE(TensorsNear(y, F32(Shape{1, 1, 1, 4}, {0, 0.25f, 0.75f, 1})));
}

TEST(RefResizeTest, BilinearAlignMode1IsAsymmetric) {
  // src = d*0.5 = 0, 0.5, 1, 1.5.
  Tensor x = F32(Shape{1, 1, 1, 2}, {0, 1});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kResize, ResizeAttrsOf(kBilinear, false, 1, 1, 4), {&x}));
  EXPECT_TRUE(TensorsNear(y, F32(Shape{1, 1, 1, 4}, {0, 0.5f, 1, 1})));
}

TEST(RefResizeTest, ScaleGivesOutputSizeAndRatio) {
  // in 3, scale 1.5: out = int(4.5) = 4, ratio = 1/1.5 (not 3/4): src = 0, 2/3, 4/3, 2.
  Tensor x = F32(Shape{1, 1, 1, 3}, {0, 3, 6});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y,
                           RunRef(OpKind::kResize, ResizeAttrsOf(kBilinear, false, 1, -1, -1, 1.0f, 1.5f), {&x}));
  EXPECT_TRUE(TensorsNear(y, F32(Shape{1, 1, 1, 4}, {0, 2, 4, 6}), 1e-5, 1e-5));
  // The same through the Scale input (attrs' scales are then ignored).
  Tensor scale = F32(Shape{2}, {1.0f, 1.5f});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y2, RunRef(OpKind::kResize, ResizeAttrsOf(kBilinear, false, 1, -1, -1, 3.0f, 3.0f),
                                             {&x, nullptr, &scale}));
  EXPECT_TRUE(TensorsNear(y2, y));
  // With an explicit size instead, ratio = in/out = 3/4: src = 0, 0.75, 1.5, 2.25 (clamped to 2).
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y3, RunRef(OpKind::kResize, ResizeAttrsOf(kBilinear, false, 1, 1, 4), {&x}));
  EXPECT_TRUE(TensorsNear(y3, F32(Shape{1, 1, 1, 4}, {0, 2.25f, 4.5f, 6}), 1e-5, 1e-5));
}

TEST(RefResizeTest, OutSizeInputHasPriority) {
  Tensor x = RandomTensor(Shape{1, 2, 3, 4}, 1);
  int32_t size[2] = {5, 7};
  Tensor out_size = MakeTensor<int32_t>(Shape{2}, size);
  Tensor scale = F32(Shape{1}, {3.0f});
  OAR_ASSERT_OK_AND_ASSIGN(
      Tensor y, RunRef(OpKind::kResize, ResizeAttrsOf(kNearest, false, 1, 9, 9, 2, 2), {&x, &out_size, &scale}));
  EXPECT_EQ(y.shape(), (Shape{1, 2, 5, 7}));
  // out_h/out_w come before the Scale input.
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y2,
                           RunRef(OpKind::kResize, ResizeAttrsOf(kNearest, false, 1, 9, 8), {&x, nullptr, &scale}));
  EXPECT_EQ(y2.shape(), (Shape{1, 2, 9, 8}));
  // A one-element Scale input scales both axes.
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y3,
                           RunRef(OpKind::kResize, ResizeAttrsOf(kNearest, false, 1, -1, -1), {&x, nullptr, &scale}));
  EXPECT_EQ(y3.shape(), (Shape{1, 2, 9, 12}));
}

// Naive resize written from the attrs.h formulas, in double.
Tensor NaiveResize(const Tensor& x, const ResizeAttrs& a, int64_t oh, int64_t ow, double scale_h, double scale_w) {
  const int64_t planes = x.shape()[0] * x.shape()[1], ih = x.shape()[2], iw = x.shape()[3];
  auto ratio = [&](int64_t in, int64_t out, double scale) {
    if (a.align_corners) return out > 1 ? static_cast<double>(in - 1) / static_cast<double>(out - 1) : 0.0;
    return scale > 0 ? 1.0 / scale : static_cast<double>(in) / static_cast<double>(out);
  };
  // Paddle keeps the ratio in float; rounding it the same way keeps nearest's floor() identical.
  const double rh = static_cast<float>(ratio(ih, oh, scale_h)), rw = static_cast<float>(ratio(iw, ow, scale_w));
  std::vector<double> v = ToDoubles(x), y(static_cast<size_t>(planes * oh * ow));
  auto at = [&](int64_t p, int64_t r, int64_t c) { return v[static_cast<size_t>((p * ih + r) * iw + c)]; };
  for (int64_t p = 0; p < planes; ++p) {
    for (int64_t r = 0; r < oh; ++r) {
      for (int64_t c = 0; c < ow; ++c) {
        double out;
        if (a.mode == kNearest) {
          int64_t sr = a.align_corners ? static_cast<int64_t>(std::floor(rh * r + 0.5)) : static_cast<int64_t>(rh * r);
          int64_t sc = a.align_corners ? static_cast<int64_t>(std::floor(rw * c + 0.5)) : static_cast<int64_t>(rw * c);
          out = at(p, std::min(sr, ih - 1), std::min(sc, iw - 1));
        } else {
          const bool half = !a.align_corners && a.align_mode == 0;
          double sr = half ? std::max((r + 0.5) * rh - 0.5, 0.0) : r * rh;
          double sc = half ? std::max((c + 0.5) * rw - 0.5, 0.0) : c * rw;
          int64_t r0 = std::min(static_cast<int64_t>(sr), ih - 1), c0 = std::min(static_cast<int64_t>(sc), iw - 1);
          int64_t r1 = std::min(r0 + 1, ih - 1), c1 = std::min(c0 + 1, iw - 1);
          double fr = sr - r0, fc = sc - c0;
          out = (1 - fr) * ((1 - fc) * at(p, r0, c0) + fc * at(p, r0, c1)) +
                fr * ((1 - fc) * at(p, r1, c0) + fc * at(p, r1, c1));
        }
        y[static_cast<size_t>((p * oh + r) * ow + c)] = out;
      }
    }
  }
  return FromDoubles(Shape{x.shape()[0], x.shape()[1], oh, ow}, y);
}

TEST(RefResizeTest, RandomShapesAllModes) {
  struct Case {
    Shape x;
    int64_t oh, ow;
    float sh, sw;
  };
  const std::vector<Case> cases = {{Shape{2, 3, 5, 7}, 11, 13, -1, -1},
                                   {Shape{1, 2, 9, 8}, 4, 3, -1, -1},
                                   {Shape{1, 3, 6, 5}, -1, -1, 2.0f, 3.0f},
                                   {Shape{2, 1, 7, 9}, -1, -1, 0.5f, 0.7f},
                                   {Shape{1, 2, 1, 6}, 3, 1, -1, -1}};
  int seed = 40;
  for (const Case& c : cases) {
    for (ResizeMode mode : {kNearest, kBilinear}) {
      for (bool align_corners : {false, true}) {
        for (int64_t align_mode : {0, 1}) {
          SCOPED_TRACE(::testing::Message() << c.x.ToString() << " mode " << static_cast<int>(mode) << " ac "
                                            << align_corners << " am " << align_mode);
          Tensor x = RandomTensor(c.x, static_cast<uint64_t>(++seed));
          ResizeAttrs a = ResizeAttrsOf(mode, align_corners, align_mode, c.oh, c.ow, c.sh, c.sw);
          OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kResize, a, {&x}, 2));
          const int64_t oh = c.oh > 0 ? c.oh : static_cast<int64_t>(static_cast<float>(c.x[2]) * c.sh);
          const int64_t ow = c.ow > 0 ? c.ow : static_cast<int64_t>(static_cast<float>(c.x[3]) * c.sw);
          EXPECT_TRUE(TensorsNear(y, NaiveResize(x, a, oh, ow, c.sh, c.sw), 1e-5, 1e-5));
        }
      }
    }
  }
}

TEST(RefResizeTest, MissingSizeIsAnError) {
  Tensor x = RandomTensor(Shape{1, 1, 2, 2}, 1);
  auto r = RunRef(OpKind::kResize, ResizeAttrsOf(kNearest, false, 1, -1, -1), {&x});
  EXPECT_TRUE(FailsWith(r.status(), {"resize", "no output size"}));
}

}  // namespace
}  // namespace oar::testing
