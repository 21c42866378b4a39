// Unary kernels against float64 references: every activation on f32 and f64, odd shapes, rank 0,
// multi-threaded sizes, extreme inputs for the inline exp/tanh, integer Relu/Clip/Scale.
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using RefFn = std::function<double(double)>;

struct Case {
  OpKind kind;
  ir::Attrs attrs;
  RefFn ref;
  double lo, hi;  // input range
};

double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

std::vector<Case> Cases() {
  const double kSqrt2OverPi = std::sqrt(2.0 / M_PI);
  return {
      {OpKind::kRelu, ir::NoAttrs{}, [](double x) { return x > 0 ? x : 0.0; }, -3, 3},
      {OpKind::kLeakyRelu, ir::LeakyReluAttrs{0.13f}, [](double x) { return x >= 0 ? x : double(0.13f) * x; }, -3, 3},
      {OpKind::kSigmoid, ir::NoAttrs{}, Sigmoid, -12, 12},
      {OpKind::kTanh, ir::NoAttrs{}, [](double x) { return std::tanh(x); }, -6, 6},
      {OpKind::kTanh, ir::NoAttrs{}, [](double x) { return std::tanh(x); }, -0.4, 0.4},  // polynomial branch
      {OpKind::kHardSigmoid, ir::HardSigmoidAttrs{0.1667f, 0.5f},
       [](double x) { return std::min(std::max(double(0.1667f) * x + 0.5, 0.0), 1.0); }, -8, 8},
      {OpKind::kHardSwish, ir::HardSwishAttrs{6.0f, 6.0f, 3.0f},
       [](double x) { return x * std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0; }, -5, 5},
      {OpKind::kSwish, ir::SwishAttrs{1.7f}, [](double x) { return x * Sigmoid(double(1.7f) * x); }, -10, 10},
      {OpKind::kGelu, ir::GeluAttrs{false}, [](double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); }, -4,
       4},
      {OpKind::kGelu, ir::GeluAttrs{true},
       [=](double x) { return 0.5 * x * (1 + std::tanh(kSqrt2OverPi * (x + 0.044715 * x * x * x))); }, -4, 4},
      {OpKind::kClip, ir::ClipAttrs{-0.25f, 0.5f}, [](double x) { return std::min(std::max(x, -0.25), 0.5); }, -1, 1},
      {OpKind::kExp, ir::NoAttrs{}, [](double x) { return std::exp(x); }, -20, 20},
      {OpKind::kSqrt, ir::NoAttrs{}, [](double x) { return std::sqrt(x); }, 0, 50},
      {OpKind::kScale, ir::ScaleAttrs{1.5f, -0.25f, true}, [](double x) { return 1.5 * x - 0.25; }, -2, 2},
      {OpKind::kScale, ir::ScaleAttrs{1.5f, -0.25f, false}, [](double x) { return 1.5 * (x - 0.25); }, -2, 2},
  };
}

void CheckCase(const Case& c, DType dtype, const Shape& shape, uint64_t seed, int threads) {
  Tensor x = RandomOf(dtype, shape, seed, c.lo, c.hi);
  std::vector<double> xs = ToDoubles(x), expect(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) expect[i] = c.ref(xs[i]);
  auto r = RunRef(c.kind, c.attrs, {&x}, 1, threads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // f32: a few ulp (the inline exp/tanh included); the erf-free GELU tanh form loses a little
  // absolute accuracy near its zero crossing, as any f32 implementation does.
  const double rtol = dtype == DType::kFloat32 ? 2e-6 : 1e-12;
  const double atol = dtype == DType::kFloat32 ? 1e-6 : 1e-14;
  EXPECT_TRUE(TensorsNear((*r)[0], FromDoubles(dtype, shape, expect), rtol, atol))
      << ir::OpKindName(c.kind) << " " << DTypeName(dtype) << shape.ToString() << " threads " << threads;
}

TEST(UnaryKernelTest, FloatOpsMatchFloat64Reference) {
  uint64_t seed = 100;
  for (const Case& c : Cases()) {
    for (DType dtype : {DType::kFloat32, DType::kFloat64}) {
      for (const Shape& shape : {Shape{}, Shape{1}, Shape{3, 37, 5}, Shape{2, 1, 7, 1}}) {
        CheckCase(c, dtype, shape, ++seed, 1);
      }
      CheckCase(c, dtype, Shape{100003}, ++seed, 2);  // above every grain: two threads
    }
  }
}

TEST(UnaryKernelTest, InlineExpAcrossTheFloatRange) {
  // Every f32 exponent region, including overflow to inf and underflow to 0.
  std::vector<double> xs;
  for (double v = -104.0; v <= 90.0; v += 0.37) xs.push_back(v);
  for (double v : {0.0, -0.0, 1e-8, -1e-8, 88.72, 88.73, -87.0, 1e30, -1e30}) xs.push_back(v);
  Tensor x = FromDoubles(DType::kFloat32, Shape{static_cast<int64_t>(xs.size())}, xs);
  auto r = RunRef(OpKind::kExp, ir::NoAttrs{}, {&x});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const float* y = (*r)[0].data<float>();
  for (size_t i = 0; i < xs.size(); ++i) {
    const double xf = static_cast<double>(static_cast<float>(xs[i]));
    const double e = std::exp(xf);
    if (e > std::numeric_limits<float>::max()) {
      EXPECT_TRUE(std::isinf(y[i])) << "x=" << xf;
    } else if (e < 2.5e-38) {  // the documented flush region
      EXPECT_LE(y[i], 2.5e-38f) << "x=" << xf;
    } else {
      EXPECT_NEAR(y[i], e, e * 3e-7) << "x=" << xf;
    }
  }
  // Sigmoid and tanh saturate cleanly far out.
  Tensor big = FromDoubles(DType::kFloat32, Shape{4}, {-200.0, 200.0, -1e30, 1e30});
  auto s = RunRef(OpKind::kSigmoid, ir::NoAttrs{}, {&big});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(TensorsNear((*s)[0], FromDoubles(DType::kFloat32, Shape{4}, {0, 1, 0, 1}), 0, 0));
  auto t = RunRef(OpKind::kTanh, ir::NoAttrs{}, {&big});
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(TensorsNear((*t)[0], FromDoubles(DType::kFloat32, Shape{4}, {-1, 1, -1, 1}), 0, 0));
  Tensor nan = FromDoubles(DType::kFloat32, Shape{1}, {std::nan("")});
  auto n = RunRef(OpKind::kExp, ir::NoAttrs{}, {&nan});
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE(std::isnan((*n)[0].data<float>()[0]));
}

TEST(UnaryKernelTest, IntegerReluClipScale) {
  for (DType dtype : {DType::kInt32, DType::kInt64}) {
    Tensor x = RandomOf(dtype, Shape{5, 9}, 7, -50, 50);
    std::vector<double> xs = ToDoubles(x), relu(xs.size()), clip(xs.size()), scale(xs.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      relu[i] = std::max(xs[i], 0.0);
      clip[i] = std::min(std::max(xs[i], -3.0), 4.0);  // bounds -3.5, 4.5 round inward
      scale[i] = std::trunc(2.5 * xs[i] + 1.0);
    }
    auto r = RunRef(OpKind::kRelu, ir::NoAttrs{}, {&x});
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(TensorsNear((*r)[0], FromDoubles(dtype, x.shape(), relu)));
    auto c = RunRef(OpKind::kClip, ir::ClipAttrs{-3.5f, 4.5f}, {&x});
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(TensorsNear((*c)[0], FromDoubles(dtype, x.shape(), clip)));
    auto s = RunRef(OpKind::kScale, ir::ScaleAttrs{2.5f, 1.0f, true}, {&x});
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(TensorsNear((*s)[0], FromDoubles(dtype, x.shape(), scale)));
    // Default Clip bounds (+-FLT_MAX) saturate to the integer range instead of overflowing.
    auto d = RunRef(OpKind::kClip, ir::ClipAttrs{}, {&x});
    ASSERT_TRUE(d.ok());
    EXPECT_TRUE(SameBytes((*d)[0], x));
  }
}

TEST(UnaryKernelTest, ScaleTensorReplacesTheScaleAttribute) {
  Tensor x = RandomTensor(Shape{4, 6}, 11);
  for (DType sdt : {DType::kFloat32, DType::kInt64}) {
    Tensor s = FromDoubles(sdt, Shape{1}, {3.0});
    auto r = RunRef(OpKind::kScale, ir::ScaleAttrs{100.0f, 0.5f, false}, {&x, &s});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    std::vector<double> xs = ToDoubles(x), expect(xs.size());
    for (size_t i = 0; i < xs.size(); ++i) expect[i] = 3.0 * (xs[i] + 0.5);
    EXPECT_TRUE(TensorsNear((*r)[0], FromDoubles(DType::kFloat32, x.shape(), expect), 1e-6, 1e-6));
  }
  Tensor two = RandomTensor(Shape{2}, 12);
  EXPECT_TRUE(
      ErrorContains(RunRef(OpKind::kScale, ir::ScaleAttrs{}, {&x, &two}).status(), {"(scale) input #1", "1 element"}));
}

TEST(UnaryKernelTest, UnsupportedDtypeIsReported) {
  Tensor x = RandomOf(DType::kInt32, Shape{3}, 13, -3, 3);
  EXPECT_TRUE(ErrorContains(RunRef(OpKind::kSigmoid, ir::NoAttrs{}, {&x}).status(), {"(sigmoid)", "floating"}));
  Tensor h = RandomOf(DType::kFloat16, Shape{3}, 14);
  EXPECT_TRUE(ErrorContains(RunRef(OpKind::kRelu, ir::NoAttrs{}, {&h}).status(), {"no CPU kernel", "f16"}));
}

}  // namespace
}  // namespace oar::testing
