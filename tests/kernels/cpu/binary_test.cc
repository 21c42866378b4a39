// Binary broadcasting kernels against float64 references: every op and dtype over same-shape,
// scalar, per-channel and two-way broadcasts, rank 0, size-1 and size-0 dims, two threads, and the
// integer division rules.
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

double Ref(OpKind kind, double a, double b, bool integral) {
  switch (kind) {
    case OpKind::kAdd:
      return a + b;
    case OpKind::kSub:
      return a - b;
    case OpKind::kMul:
      return a * b;
    case OpKind::kDiv:
      return integral ? std::trunc(a / b) : a / b;
    case OpKind::kMax:
      return std::max(a, b);
    case OpKind::kMin:
      return std::min(a, b);
    case OpKind::kPow:
      return std::pow(a, b);
    default:
      return 0;
  }
}

/// Runs kind on (a, b) and compares with the float64 reference computed with numpy broadcasting.
void Check(OpKind kind, const Tensor& a, const Tensor& b, int threads = 1) {
  Shape out;
  ASSERT_TRUE(ir::BroadcastShapes(a.shape(), b.shape(), &out));
  const bool integral = !IsFloating(a.dtype());
  std::vector<double> av = ToDoubles(a), bv = ToDoubles(b), expect(static_cast<size_t>(out.NumElements()));
  for (int64_t i = 0; i < out.NumElements(); ++i) {
    std::vector<int64_t> idx = Unravel(i, out);
    expect[static_cast<size_t>(i)] = Ref(kind, av[static_cast<size_t>(BroadcastFlat(idx, a.shape()))],
                                         bv[static_cast<size_t>(BroadcastFlat(idx, b.shape()))], integral);
  }
  auto r = RunRef(kind, ir::NoAttrs{}, {&a, &b}, 1, threads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const double rtol = a.dtype() == DType::kFloat32 ? 1e-6 : 1e-13;
  EXPECT_TRUE(TensorsNear((*r)[0], FromDoubles(a.dtype(), out, expect), rtol, 0.0))
      << ir::OpKindName(kind) << " " << a.Describe() << " with " << b.Describe() << " threads " << threads;
}

const std::vector<std::pair<Shape, Shape>>& ShapePairs() {
  static const std::vector<std::pair<Shape, Shape>> pairs = {
      {{3, 37, 5}, {3, 37, 5}},      // same shape
      {{3, 37, 5}, {}},              // scalar b (rank 0)
      {{1}, {4, 3}},                 // scalar-like a
      {{2, 7, 3, 5}, {1, 7, 1, 1}},  // per-channel
      {{2, 7, 3, 5}, {7, 1, 1}},     // per-channel, lower rank
      {{3, 1, 5}, {4, 1}},           // both ways
      {{1, 6}, {5, 1}},              // outer product
      {{2, 1, 3, 1, 4}, {1, 5, 3, 2, 4}},
      {{6, 1, 1, 9}, {6, 9}},  // size-1 dims between
      {{}, {}},
      {{0, 3}, {1, 3}},  // empty
      {{4, 0}, {}},
  };
  return pairs;
}

TEST(BinaryKernelTest, FloatOpsAllBroadcasts) {
  uint64_t seed = 1;
  for (OpKind kind : {OpKind::kAdd, OpKind::kSub, OpKind::kMul, OpKind::kDiv, OpKind::kMax, OpKind::kMin}) {
    for (DType dt : {DType::kFloat32, DType::kFloat64}) {
      for (const auto& p : ShapePairs()) {
        seed += 2;
        Check(kind, RandomOf(dt, p.first, seed, -2, 2), RandomOf(dt, p.second, seed + 1, 0.5, 3));
        seed += 2;
        Check(kind, RandomOf(dt, p.second, seed, -2, 2), RandomOf(dt, p.first, seed + 1, 0.5, 3));
      }
    }
  }
}

TEST(BinaryKernelTest, PowFloat) {
  uint64_t seed = 500;
  for (DType dt : {DType::kFloat32, DType::kFloat64}) {
    for (const auto& p : ShapePairs()) {
      seed += 2;
      Check(OpKind::kPow, RandomOf(dt, p.first, seed, 0.1, 3), RandomOf(dt, p.second, seed + 1, -2, 2));
    }
    Tensor two = FromDoubles(dt, Shape{1}, {2.0});
    Check(OpKind::kPow, RandomOf(dt, Shape{4, 9}, ++seed, -3, 3), two);  // the x*x fast case
  }
}

TEST(BinaryKernelTest, IntegerOps) {
  uint64_t seed = 900;
  for (OpKind kind : {OpKind::kAdd, OpKind::kSub, OpKind::kMul, OpKind::kDiv, OpKind::kMax, OpKind::kMin}) {
    for (DType dt : {DType::kInt32, DType::kInt64}) {
      for (const auto& p : ShapePairs()) {
        Tensor a = RandomOf(dt, p.first, ++seed, -1000, 1000);
        Tensor b = RandomOf(dt, p.second, ++seed, 1, 40);  // no zero divisors
        Check(kind, a, b);
        // Negative divisors: truncation toward zero.
        Check(kind, a, FromDoubles(dt, Shape{1}, {-7.0}));
      }
    }
  }
}

TEST(BinaryKernelTest, TwoThreadsOnLargeTensors) {
  uint64_t seed = 1300;
  for (OpKind kind : {OpKind::kAdd, OpKind::kMul, OpKind::kPow}) {
    seed += 2;
    Check(kind, RandomOf(DType::kFloat32, Shape{3, 211, 397}, seed, 0.1, 2),
          RandomOf(DType::kFloat32, Shape{3, 211, 397}, seed + 1, -1, 1), 2);
    seed += 2;
    Check(kind, RandomOf(DType::kFloat32, Shape{2, 64, 37, 41}, seed, 0.1, 2),
          RandomOf(DType::kFloat32, Shape{64, 1, 1}, seed + 1, -1, 1), 2);
    seed += 2;
    Check(kind, RandomOf(DType::kFloat32, Shape{257, 1}, seed, 0.1, 2),
          RandomOf(DType::kFloat32, Shape{1, 1023}, seed + 1, -1, 1), 2);
  }
  seed += 2;
  Check(OpKind::kSub, RandomOf(DType::kInt64, Shape{50000, 3}, seed, -99, 99),
        RandomOf(DType::kInt64, Shape{3}, seed + 1, -99, 99), 2);
}

TEST(BinaryKernelTest, IntegerDivisionEdgeCases) {
  Tensor a = FromDoubles(DType::kInt32, Shape{4}, {7, -7, 7, -7});
  Tensor b = FromDoubles(DType::kInt32, Shape{4}, {2, 2, -2, -2});
  auto r = RunRef(OpKind::kDiv, ir::NoAttrs{}, {&a, &b});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(TensorsNear((*r)[0], FromDoubles(DType::kInt32, Shape{4}, {3, -3, -3, 3})));
  // lowest / -1 wraps instead of trapping.
  Tensor low = FromDoubles(DType::kInt64, Shape{2}, {-9223372036854775807.0 - 1.0, 10});
  Tensor minus_one = FromDoubles(DType::kInt64, Shape{}, {-1});
  auto w = RunRef(OpKind::kDiv, ir::NoAttrs{}, {&low, &minus_one});
  ASSERT_TRUE(w.ok());
  EXPECT_EQ((*w)[0].data<int64_t>()[0], std::numeric_limits<int64_t>::lowest());
  EXPECT_EQ((*w)[0].data<int64_t>()[1], -10);
  Tensor zero = FromDoubles(DType::kInt32, Shape{4}, {1, 2, 0, 4});
  EXPECT_TRUE(ErrorContains(RunRef(OpKind::kDiv, ir::NoAttrs{}, {&a, &zero}).status(),
                            {"(div)", "input #1", "division by zero", "flat index 2"}));
}

TEST(BinaryKernelTest, SchemaErrorsSurface) {
  Tensor a = RandomTensor(Shape{2, 3}, 1);
  Tensor b = RandomTensor(Shape{4}, 2);
  EXPECT_TRUE(ErrorContains(RunRef(OpKind::kAdd, ir::NoAttrs{}, {&a, &b}).status(), {"broadcastable", "[2,3]"}));
  Tensor i = RandomOf(DType::kInt64, Shape{3}, 3, 1, 5);
  EXPECT_TRUE(ErrorContains(RunRef(OpKind::kPow, ir::NoAttrs{}, {&i, &i}).status(), {"no CPU kernel", "i64"}));
}

}  // namespace
}  // namespace oar::testing
