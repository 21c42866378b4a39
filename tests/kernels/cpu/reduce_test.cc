// ReduceSum/Mean/Max against float64 references over contiguous, strided (inner > 1) and
// several-group axis sets, negative axes, keepdims, reduce_all, rank 0, ints, empty axes and
// the multi-threaded split of one long reduction.
#include <cmath>
#include <limits>
#include <vector>

#include "elementwise_test_util.h"
#include "ir/schemas/tensor_schema_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

/// Float64 reference: returns the expected output for reducing `x` over `axes` (empty = all).
Tensor Reference(OpKind kind, const Tensor& x, const std::vector<int64_t>& axes, bool keepdims, bool reduce_all) {
  const Shape& in = x.shape();
  std::vector<bool> red(static_cast<size_t>(in.rank()), reduce_all || axes.empty());
  for (int64_t a : axes) red[static_cast<size_t>(a < 0 ? a + in.rank() : a)] = true;
  Shape out, out_keep;
  for (int d = 0; d < in.rank(); ++d) {
    out_keep.push_back(red[static_cast<size_t>(d)] ? 1 : in[d]);
    if (!red[static_cast<size_t>(d)])
      out.push_back(in[d]);
    else if (keepdims)
      out.push_back(1);
  }
  const int64_t n = out_keep.NumElements();
  std::vector<double> acc(static_cast<size_t>(n), kind == OpKind::kReduceMax ? -INFINITY : 0.0);
  std::vector<double> xs = ToDoubles(x);
  int64_t count = 0;
  for (int64_t i = 0; i < x.numel(); ++i) {
    std::vector<int64_t> idx = Unravel(i, in);
    int64_t o = 0;
    for (int d = 0; d < in.rank(); ++d)
      o = o * out_keep[d] + (red[static_cast<size_t>(d)] ? 0 : idx[static_cast<size_t>(d)]);
    double& a = acc[static_cast<size_t>(o)];
    a = kind == OpKind::kReduceMax ? std::max(a, xs[static_cast<size_t>(i)]) : a + xs[static_cast<size_t>(i)];
    if (o == 0) ++count;
  }
  if (kind == OpKind::kReduceMean) {
    for (double& a : acc) a = IsFloating(x.dtype()) ? a / count : std::trunc(a / count);
  }
  return FromDoubles(x.dtype(), out, acc);
}

void Check(OpKind kind, const Tensor& x, std::vector<int64_t> axes, bool keepdims = false, bool reduce_all = false,
           int threads = 1) {
  auto r = RunRef(kind, ir::ReduceAttrs{axes, keepdims, reduce_all}, {&x}, 1, threads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Tensor expect = Reference(kind, x, axes, keepdims, reduce_all);
  const double tol = x.dtype() == DType::kFloat32 ? 2e-5 : 1e-12;
  EXPECT_TRUE(TensorsNear((*r)[0], expect, tol, tol))
      << ir::OpKindName(kind) << " " << x.Describe() << " axes " << ir::IntListString(axes) << " keepdims " << keepdims
      << " threads " << threads;
}

const OpKind kKinds[] = {OpKind::kReduceSum, OpKind::kReduceMean, OpKind::kReduceMax};

TEST(ReduceKernelTest, AxisPatterns) {
  uint64_t seed = 1;
  for (OpKind k : kKinds) {
    for (DType dt : {DType::kFloat32, DType::kFloat64}) {
      Tensor x = RandomOf(dt, Shape{3, 5, 7, 2}, ++seed);
      Check(k, x, {-1});          // contiguous (inner == 1)
      Check(k, x, {2, 3}, true);  // contiguous, two merged dims
      Check(k, x, {1});           // strided (inner > 1)
      Check(k, x, {0});           // outer == 1
      Check(k, x, {0, 2});        // two groups: gather path
      Check(k, x, {1, 3}, true);
      Check(k, x, {});                // every axis
      Check(k, x, {1}, false, true);  // reduce_all wins over axes
      Check(k, RandomOf(dt, Shape{}, ++seed), {});
      Check(k, RandomOf(dt, Shape{1, 9, 1}, ++seed), {0, 2});  // only size-1 dims reduced
      Check(k, RandomOf(dt, Shape{4, 1, 6}, ++seed), {1, 2});
      Check(k, RandomOf(dt, Shape{2, 0, 3}, ++seed), {2});  // empty output
    }
  }
}

TEST(ReduceKernelTest, Integers) {
  uint64_t seed = 100;
  for (OpKind k : kKinds) {
    for (DType dt : {DType::kInt32, DType::kInt64}) {
      Tensor x = RandomOf(dt, Shape{4, 6, 5}, ++seed, -100, 100);
      Check(k, x, {1});
      Check(k, x, {-1}, true);
      Check(k, x, {0, 2});
    }
  }
}

TEST(ReduceKernelTest, TwoThreads) {
  uint64_t seed = 200;
  for (OpKind k : kKinds) {
    Check(k, RandomTensor(Shape{64, 49 * 41}, ++seed), {1}, false, false, 2);      // many rows
    Check(k, RandomTensor(Shape{3, 100003}, ++seed), {1}, true, false, 2);         // few long rows: split
    Check(k, RandomTensor(Shape{200003}, ++seed), {0}, false, false, 2);           // one long row
    Check(k, RandomTensor(Shape{8, 37, 523}, ++seed), {1}, false, false, 2);       // strided
    Check(k, RandomTensor(Shape{6, 40, 7, 50}, ++seed), {0, 2}, false, false, 2);  // gather
  }
}

TEST(ReduceKernelTest, EmptyReducedAxes) {
  Tensor x = RandomTensor(Shape{3, 0}, 1);
  auto s = RunRef(OpKind::kReduceSum, ir::ReduceAttrs{{1}, false, false}, {&x});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(TensorsNear((*s)[0], FromDoubles(DType::kFloat32, Shape{3}, {0, 0, 0})));
  auto m = RunRef(OpKind::kReduceMean, ir::ReduceAttrs{{1}, false, false}, {&x});
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(std::isnan((*m)[0].data<float>()[0]));
  EXPECT_TRUE(ErrorContains(RunRef(OpKind::kReduceMax, ir::ReduceAttrs{{1}, false, false}, {&x}).status(),
                            {"(reduce_max)", "f32[3,0]", "no element"}));
}

}  // namespace
}  // namespace oar::testing
