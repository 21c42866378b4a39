// ArgMax against a naive reference: every axis (negative too), keepdims, flatten, ties (first
// index wins), i32 output, integer inputs, and two threads on long runs.
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

Tensor Reference(const Tensor& x, const ir::ArgMaxAttrs& a, const Shape& out_shape) {
  const Shape& in = x.shape();
  std::vector<double> xs = ToDoubles(x);
  if (a.flatten) {
    int64_t best = 0;
    for (int64_t i = 1; i < x.numel(); ++i) {
      if (xs[static_cast<size_t>(i)] > xs[static_cast<size_t>(best)]) best = i;
    }
    return FromDoubles(a.out_dtype, out_shape, {static_cast<double>(best)});
  }
  const int ax = static_cast<int>(a.axis < 0 ? a.axis + in.rank() : a.axis);
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < ax; ++d) outer *= in[d];
  for (int d = ax + 1; d < in.rank(); ++d) inner *= in[d];
  std::vector<double> out;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t c = 0; c < inner; ++c) {
      int64_t best = 0;
      for (int64_t r = 1; r < in[ax]; ++r) {
        if (xs[static_cast<size_t>((o * in[ax] + r) * inner + c)] >
            xs[static_cast<size_t>((o * in[ax] + best) * inner + c)])
          best = r;
      }
      out.push_back(static_cast<double>(best));
    }
  }
  return FromDoubles(a.out_dtype, out_shape, out);
}

void Check(const Tensor& x, ir::ArgMaxAttrs a, int threads = 1) {
  auto r = RunRef(ir::OpKind::kArgMax, a, {&x}, 1, threads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(TensorsNear((*r)[0], Reference(x, a, (*r)[0].shape()))) << x.Describe() << " axis " << a.axis;
}

ir::ArgMaxAttrs Attrs(int64_t axis, bool keepdims = false, bool flatten = false, DType out = DType::kInt64) {
  ir::ArgMaxAttrs a;
  a.axis = axis;
  a.keepdims = keepdims;
  a.flatten = flatten;
  a.out_dtype = out;
  return a;
}

TEST(ArgMaxKernelTest, AxesAndDtypes) {
  uint64_t seed = 1;
  for (DType dt : {DType::kFloat32, DType::kFloat64, DType::kInt32, DType::kInt64}) {
    Tensor x = RandomOf(dt, Shape{3, 7, 5}, ++seed, -1000, 1000);
    for (int64_t axis : {0, 1, 2, -1, -3}) {
      Check(x, Attrs(axis));
      Check(x, Attrs(axis, true, false, DType::kInt32));
    }
    Check(x, Attrs(0, false, true));
    Check(RandomOf(dt, Shape{1}, ++seed, -9, 9), Attrs(0));
    Check(RandomOf(dt, Shape{}, ++seed, -9, 9), Attrs(0, false, true));
  }
}

TEST(ArgMaxKernelTest, TiesPickTheFirstIndex) {
  Tensor x = RandomOf(DType::kInt32, Shape{6, 40}, 3, 0, 2);  // many ties
  Check(x, Attrs(0));
  Check(x, Attrs(1));
  Check(x, Attrs(0, false, true));
  Tensor f = FromDoubles(DType::kFloat32, Shape{2, 3}, {1, 5, 5, 5, 2, 5});
  auto r = RunRef(ir::OpKind::kArgMax, Attrs(1), {&f});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(TensorsNear((*r)[0], FromDoubles(DType::kInt64, Shape{2}, {1, 0})));
}

TEST(ArgMaxKernelTest, TwoThreads) {
  Check(RandomTensor(Shape{300007}, 5), Attrs(0, false, true), 2);
  // Equal maxima in both threads' halves: the first one must win.
  Tensor x = RandomTensor(Shape{200000}, 6);
  x.data<float>()[150000] = 7.0f;
  x.data<float>()[190000] = 7.0f;
  Check(x, Attrs(0, false, true), 2);
  Check(RandomTensor(Shape{97, 4099}, 7), Attrs(1), 2);
  Check(RandomTensor(Shape{5, 61, 503}, 8), Attrs(1, true), 2);
}

TEST(ArgMaxKernelTest, Errors) {
  Tensor x = RandomTensor(Shape{2, 3}, 9);
  EXPECT_TRUE(ErrorContains(RunRef(ir::OpKind::kArgMax, Attrs(3), {&x}).status(), {"(arg_max)", "'axis' value 3"}));
}

}  // namespace
}  // namespace oar::testing
