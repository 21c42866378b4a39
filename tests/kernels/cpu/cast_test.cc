// Cast between every pair of dtypes against a float64 reference of the documented rules:
// round-to-nearest for floats (f16/bf16 through f32), truncation with saturation (NaN -> 0) for
// floats to integers, wrap-around between integers, x != 0 for bool.
#include <cmath>
#include <limits>
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

const DType kAll[] = {DType::kFloat32, DType::kFloat16, DType::kBFloat16, DType::kFloat64, DType::kInt8,
                      DType::kUInt8,   DType::kInt16,   DType::kInt32,    DType::kInt64,   DType::kBool};

/// Range of an integer dtype.
void IntRange(DType t, double* lo, double* hi) {
  switch (t) {
    case DType::kInt8:
      *lo = -128;
      *hi = 127;
      return;
    case DType::kUInt8:
      *lo = 0;
      *hi = 255;
      return;
    case DType::kInt16:
      *lo = -32768;
      *hi = 32767;
      return;
    case DType::kInt32:
      *lo = -2147483648.0;
      *hi = 2147483647.0;
      return;
    default:
      *lo = -9223372036854775808.0;
      *hi = 9223372036854775807.0;
      return;
  }
}

/// Expected value of casting v (exactly representable in `from`) to `to`, as double.
double Expected(double v, DType from, DType to) {
  if (to == DType::kBool) return v != 0 ? 1 : 0;
  if (IsFloating(to)) {
    Tensor t = FromDoubles(to, Shape{1}, {v});  // one rounding from the exact value
    return t.GetDouble(0);
  }
  if (IsFloating(from)) {
    if (std::isnan(v)) return 0;
    double lo, hi;
    IntRange(to, &lo, &hi);
    return std::min(std::max(std::trunc(v), lo), hi);
  }
  // Integer to integer: modular (only narrowing casts change the value).
  double lo, hi;
  IntRange(to, &lo, &hi);
  if (v >= lo && v <= hi) return v;
  const double span = hi - lo + 1;
  double m = std::fmod(v - lo, span);
  if (m < 0) m += span;
  return m + lo;
}

TEST(CastKernelTest, EveryPair) {
  uint64_t seed = 1;
  for (DType from : kAll) {
    // Values exactly representable in `from`: fractions and out-of-range magnitudes for floats.
    Tensor x = IsFloating(from)       ? RandomOf(from, Shape{3, 41}, ++seed, -400, 400)
               : from == DType::kBool ? RandomOf(from, Shape{3, 41}, ++seed, 0, 1)
                                      : RandomOf(from, Shape{3, 41}, ++seed, from == DType::kUInt8 ? 0 : -128,
                                                 from == DType::kInt8 ? 127 : 255);
    std::vector<double> xs = ToDoubles(x);
    for (DType to : kAll) {
      auto r = RunRef(ir::OpKind::kCast, ir::CastAttrs{to}, {&x});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ASSERT_EQ((*r)[0].dtype(), to);
      for (size_t i = 0; i < xs.size(); ++i) {
        ASSERT_EQ((*r)[0].GetDouble(static_cast<int64_t>(i)), Expected(xs[i], from, to))
            << DTypeName(from) << " " << xs[i] << " -> " << DTypeName(to);
      }
    }
  }
}

TEST(CastKernelTest, SpecialValues) {
  const double inf = std::numeric_limits<double>::infinity();
  Tensor x = FromDoubles(DType::kFloat32, Shape{7}, {std::nan(""), inf, -inf, 3e9, -3e9, -0.75, 0.5});
  auto i32 = RunRef(ir::OpKind::kCast, ir::CastAttrs{DType::kInt32}, {&x});
  ASSERT_TRUE(i32.ok());
  EXPECT_TRUE(TensorsNear((*i32)[0], FromDoubles(DType::kInt32, Shape{7},
                                                 {0, 2147483647.0, -2147483648.0, 2147483647.0, -2147483648.0, 0, 0})));
  auto u8 = RunRef(ir::OpKind::kCast, ir::CastAttrs{DType::kUInt8}, {&x});
  ASSERT_TRUE(u8.ok());
  EXPECT_TRUE(TensorsNear((*u8)[0], FromDoubles(DType::kUInt8, Shape{7}, {0, 255, 0, 255, 0, 0, 0})));
  auto b = RunRef(ir::OpKind::kCast, ir::CastAttrs{DType::kBool}, {&x});
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(TensorsNear((*b)[0], FromDoubles(DType::kBool, Shape{7}, {1, 1, 1, 1, 1, 1, 1})));
  auto h = RunRef(ir::OpKind::kCast, ir::CastAttrs{DType::kFloat16}, {&x});
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(std::isnan((*h)[0].GetDouble(0)));
  EXPECT_TRUE(std::isinf((*h)[0].GetDouble(3)));  // 3e9 overflows f16
  EXPECT_EQ((*h)[0].GetDouble(5), -0.75);
  // Large tensor on two threads, and an empty one.
  Tensor big = RandomTensor(Shape{300001}, 5, -1000, 1000);
  auto bi = RunRef(ir::OpKind::kCast, ir::CastAttrs{DType::kInt64}, {&big}, 1, 2);
  ASSERT_TRUE(bi.ok());
  std::vector<double> bv = ToDoubles(big);
  for (double& v : bv) v = std::trunc(v);
  EXPECT_TRUE(TensorsNear((*bi)[0], FromDoubles(DType::kInt64, big.shape(), bv)));
  Tensor empty = RandomTensor(Shape{0, 4}, 6);
  auto e = RunRef(ir::OpKind::kCast, ir::CastAttrs{DType::kFloat64}, {&empty});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)[0].shape(), (Shape{0, 4}));
}

}  // namespace
}  // namespace oar::testing
