// The reference Pool2d against a naive float64 pooling that visits every tap of every window:
// max/avg, exclusive or not, paddings, ceil_mode, SAME/VALID, global and adaptive pooling.
#include <algorithm>
#include <cmath>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "kernels/pool2d_test_util.h"
#include "nn_ref_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using ir::PadMode;
using ir::Pool2dAttrs;
using ir::PoolType;

// Output size of one axis, written out case by case.
int64_t NaiveOutDim(int64_t in, int64_t k, int64_t s, int64_t p0, int64_t p1, bool ceil_mode) {
  double exact = static_cast<double>(in + p0 + p1 - k) / static_cast<double>(s);
  int64_t out = static_cast<int64_t>(ceil_mode ? std::ceil(exact) : std::floor(exact)) + 1;
  while (ceil_mode && (out - 1) * s >= in + p0) --out;  // last window must start inside input + left pad
  return out;
}

Tensor NaivePool(const Tensor& x, const Pool2dAttrs& a) {
  const int64_t n = x.shape()[0], c = x.shape()[1], h = x.shape()[2], w = x.shape()[3];
  int64_t k[2], s[2], p[4] = {0, 0, 0, 0}, out[2];
  const int64_t in[2] = {h, w};
  for (int i = 0; i < 2; ++i) {
    k[i] = a.global ? in[i] : a.kernel[static_cast<size_t>(i)];
    s[i] = a.global || a.adaptive ? 1 : a.strides[static_cast<size_t>(i)];
    if (!a.global && !a.adaptive && a.pad_mode == PadMode::kExplicit) {
      p[i] = a.pads[static_cast<size_t>(i)];
      p[i + 2] = a.pads[static_cast<size_t>(i + 2)];
    } else if (!a.global && !a.adaptive && a.pad_mode == PadMode::kSame) {
      int64_t o = (in[i] + s[i] - 1) / s[i];
      int64_t total = std::max<int64_t>((o - 1) * s[i] + k[i] - in[i], 0);
      p[i] = total / 2;
      p[i + 2] = total - total / 2;
    }
    out[i] = a.global     ? 1
             : a.adaptive ? a.kernel[static_cast<size_t>(i)]
                          : NaiveOutDim(in[i], k[i], s[i], p[i], p[i + 2], a.ceil_mode);
  }
  std::vector<double> xv = ToDoubles(x), y(static_cast<size_t>(n * c * out[0] * out[1]));
  for (int64_t plane = 0; plane < n * c; ++plane) {
    for (int64_t oy = 0; oy < out[0]; ++oy) {
      for (int64_t ox = 0; ox < out[1]; ++ox) {
        int64_t y0, y1, x0, x1;  // window in input coordinates, possibly outside the input
        if (a.adaptive) {
          y0 = static_cast<int64_t>(std::floor(static_cast<double>(oy * h) / out[0]));
          y1 = static_cast<int64_t>(std::ceil(static_cast<double>((oy + 1) * h) / out[0]));
          x0 = static_cast<int64_t>(std::floor(static_cast<double>(ox * w) / out[1]));
          x1 = static_cast<int64_t>(std::ceil(static_cast<double>((ox + 1) * w) / out[1]));
        } else {
          y0 = oy * s[0] - p[0];
          y1 = y0 + k[0];
          x0 = ox * s[1] - p[1];
          x1 = x0 + k[1];
        }
        double mx = -std::numeric_limits<double>::infinity(), sum = 0;
        int64_t count = 0;
        for (int64_t yy = y0; yy < y1; ++yy) {
          for (int64_t xx = x0; xx < x1; ++xx) {
            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
            double v = xv[static_cast<size_t>((plane * h + yy) * w + xx)];
            mx = std::max(mx, v);
            sum += v;
            ++count;
          }
        }
        double r;
        if (a.type == PoolType::kMax) {
          r = mx;
        } else {
          r = sum / static_cast<double>(a.exclusive || a.adaptive || a.global ? count : (y1 - y0) * (x1 - x0));
        }
        y[static_cast<size_t>((plane * out[0] + oy) * out[1] + ox)] = r;
      }
    }
  }
  return FromDoubles(Shape{n, c, out[0], out[1]}, y);
}

struct PoolCase {
  const char* name;
  Shape x;
  Pool2dAttrs attrs;
  int threads;
};

// gtest prints parameters of failing cases; the name says which one.
void PrintTo(const PoolCase& c, std::ostream* os) { *os << c.name; }

class RefPool2dCases : public ::testing::TestWithParam<PoolCase> {};

TEST_P(RefPool2dCases, MatchesNaivePooling) {
  const PoolCase& c = GetParam();
  Tensor x = RandomTensor(c.x, 7);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kPool2d, c.attrs, {&x}, c.threads));
  EXPECT_TRUE(TensorsNear(y, NaivePool(x, c.attrs), 1e-5, 1e-6));
}

// Global pooling must ignore the pads.
Pool2dAttrs GlobalPoolWithPads(PoolType t) {
  Pool2dAttrs a = GlobalPool(t);
  a.pads = {1, 1, 1, 1};
  return a;
}

constexpr PoolType kMax = PoolType::kMax;
constexpr PoolType kAvg = PoolType::kAvg;

INSTANTIATE_TEST_SUITE_P(
    Shapes, RefPool2dCases,
    ::testing::Values(
        PoolCase{"max_k2s2", Shape{2, 3, 8, 10}, Pool(kMax, {2, 2}, {2, 2}, {0, 0, 0, 0}), 1},
        PoolCase{"max_k3s2_pad1_odd", Shape{1, 4, 13, 11}, Pool(kMax, {3, 3}, {2, 2}, {1, 1, 1, 1}), 2},
        PoolCase{"max_k3s2_ceil", Shape{1, 3, 14, 13}, Pool(kMax, {3, 3}, {2, 2}, {0, 0, 0, 0}, true), 1},
        PoolCase{"max_ceil_drops_last_window", Shape{1, 2, 5, 5}, Pool(kMax, {2, 2}, {3, 3}, {1, 1, 1, 1}, true), 1},
        PoolCase{"max_k3s3_asym_pads", Shape{2, 2, 10, 11}, Pool(kMax, {3, 2}, {3, 2}, {0, 1, 2, 0}), 1},
        PoolCase{"avg_exclusive_pad1", Shape{1, 3, 9, 7}, Pool(kAvg, {3, 3}, {1, 1}, {1, 1, 1, 1}), 1},
        PoolCase{"avg_inclusive_pad1", Shape{1, 3, 9, 7}, Pool(kAvg, {3, 3}, {1, 1}, {1, 1, 1, 1}, false, false), 1},
        PoolCase{"avg_inclusive_ceil_overhang", Shape{1, 2, 7, 8},
                 Pool(kAvg, {3, 3}, {2, 2}, {0, 0, 0, 0}, true, false), 1},
        PoolCase{"avg_exclusive_ceil_pad", Shape{2, 2, 10, 9}, Pool(kAvg, {3, 3}, {2, 2}, {1, 1, 1, 1}, true, true), 2},
        PoolCase{"avg_k2s3_stride_gt_kernel", Shape{1, 2, 11, 10}, Pool(kAvg, {2, 2}, {3, 3}, {0, 0, 0, 0}), 1},
        PoolCase{"max_same_odd", Shape{1, 2, 11, 9},
                 Pool(kMax, {3, 3}, {2, 2}, {0, 0, 0, 0}, false, true, PadMode::kSame), 1},
        PoolCase{"avg_same_even_k", Shape{1, 2, 9, 10},
                 Pool(kAvg, {2, 4}, {2, 3}, {0, 0, 0, 0}, false, false, PadMode::kSame), 1},
        PoolCase{"max_valid_odd", Shape{1, 2, 11, 9},
                 Pool(kMax, {3, 3}, {2, 2}, {1, 1, 1, 1}, false, true, PadMode::kValid), 1},
        PoolCase{"global_max", Shape{2, 5, 7, 6}, GlobalPoolWithPads(kMax), 1},
        PoolCase{"global_avg", Shape{3, 4, 9, 11}, GlobalPoolWithPads(kAvg), 2},
        PoolCase{"adaptive_avg_divisible", Shape{1, 3, 12, 8}, AdaptivePool(kAvg, 3, 4), 1},
        PoolCase{"adaptive_avg_non_divisible", Shape{2, 3, 7, 10}, AdaptivePool(kAvg, 3, 4), 1},
        PoolCase{"adaptive_max_non_divisible", Shape{1, 4, 11, 5}, AdaptivePool(kMax, 4, 3), 1},
        PoolCase{"adaptive_upsampling_bins", Shape{1, 2, 3, 2}, AdaptivePool(kAvg, 5, 4), 1}),
    [](const ::testing::TestParamInfo<PoolCase>& info) { return std::string(info.param.name); });

TEST(RefPool2dTest, HandComputedCeilModeAndExclusive) {
  // 1x1x3x3, k2 s2, ceil_mode: windows rows {0,1},{2}, cols {0,1},{2}.
  Tensor x = F32(Shape{1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor mx, RunRef(OpKind::kPool2d, Pool(kMax, {2, 2}, {2, 2}, {0, 0, 0, 0}, true), {&x}));
  EXPECT_TRUE(TensorsNear(mx, F32(Shape{1, 1, 2, 2}, {5, 6, 8, 9})));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor ex,
                           RunRef(OpKind::kPool2d, Pool(kAvg, {2, 2}, {2, 2}, {0, 0, 0, 0}, true, true), {&x}));
  EXPECT_TRUE(TensorsNear(ex, F32(Shape{1, 1, 2, 2}, {3, 4.5f, 7.5f, 9})));
  // Not exclusive: always divided by kh*kw = 4.
  OAR_ASSERT_OK_AND_ASSIGN(Tensor in,
                           RunRef(OpKind::kPool2d, Pool(kAvg, {2, 2}, {2, 2}, {0, 0, 0, 0}, true, false), {&x}));
  EXPECT_TRUE(TensorsNear(in, F32(Shape{1, 1, 2, 2}, {3, 2.25f, 3.75f, 2.25f})));
  // Floor mode drops the partial windows.
  OAR_ASSERT_OK_AND_ASSIGN(Tensor fl, RunRef(OpKind::kPool2d, Pool(kMax, {2, 2}, {2, 2}, {0, 0, 0, 0}), {&x}));
  EXPECT_TRUE(TensorsNear(fl, F32(Shape{1, 1, 1, 1}, {5})));
}

TEST(RefPool2dTest, AdaptiveBinsOverlapWhenNotDivisible) {
  // W = 5 -> 3 bins: [0,2), [1,4), [3,5).
  Tensor x = F32(Shape{1, 1, 1, 5}, {1, 2, 3, 4, 5});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kPool2d, AdaptivePool(kAvg, 1, 3), {&x}));
  EXPECT_TRUE(TensorsNear(y, F32(Shape{1, 1, 1, 3}, {1.5f, 3.0f, 4.5f})));
}

}  // namespace
}  // namespace oar::testing
