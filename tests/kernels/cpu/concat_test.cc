// Concat and Stack against naive references: every axis (negative too), inputs of different
// extents including empty ones, rank 0 (Stack), every element size, two threads.
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

/// Concatenation by walking the output index space (byte-exact).
Tensor NaiveConcat(const std::vector<Tensor>& in, int axis, bool stack) {
  Shape out = in[0].shape();
  if (stack) {
    out.mutable_dims().insert(out.mutable_dims().begin() + axis, static_cast<int64_t>(in.size()));
  } else {
    out[axis] = 0;
    for (const Tensor& t : in) out[axis] += t.shape()[axis];
  }
  Tensor y(in[0].dtype(), out);
  const size_t es = DTypeSize(y.dtype());
  for (int64_t i = 0; i < y.numel(); ++i) {
    std::vector<int64_t> idx = Unravel(i, out);
    size_t k = 0;
    int64_t pos = idx[static_cast<size_t>(axis)];
    if (stack) {
      k = static_cast<size_t>(pos);
      idx.erase(idx.begin() + axis);
    } else {
      while (pos >= in[k].shape()[axis]) pos -= in[k++].shape()[axis];
      idx[static_cast<size_t>(axis)] = pos;
    }
    int64_t src = 0;
    for (int d = 0; d < in[k].shape().rank(); ++d) src = src * in[k].shape()[d] + idx[static_cast<size_t>(d)];
    std::memcpy(static_cast<char*>(y.raw_data()) + static_cast<size_t>(i) * es,
                static_cast<const char*>(in[k].raw_data()) + static_cast<size_t>(src) * es, es);
  }
  return y;
}

void Check(const std::vector<Tensor>& in, int64_t axis, bool stack, int threads = 1) {
  std::vector<const Tensor*> ptrs;
  for (const Tensor& t : in) ptrs.push_back(&t);
  auto r = RunRef(stack ? ir::OpKind::kStack : ir::OpKind::kConcat, ir::AxisAttrs{axis}, ptrs, 1, threads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const int rank = in[0].shape().rank() + (stack ? 1 : 0);
  EXPECT_TRUE(SameBytes((*r)[0], NaiveConcat(in, static_cast<int>(axis < 0 ? axis + rank : axis), stack)))
      << (stack ? "stack" : "concat") << " axis " << axis;
}

TEST(ConcatKernelTest, AxesAndExtents) {
  uint64_t seed = 1;
  for (DType dt : {DType::kFloat32, DType::kInt64, DType::kUInt8, DType::kFloat16}) {
    auto R = [&](const Shape& s) { return RandomOf(dt, s, ++seed, -100, 100); };
    Check({R({2, 3, 5}), R({4, 3, 5}), R({1, 3, 5})}, 0, false);
    Check({R({2, 3, 5}), R({2, 1, 5}), R({2, 0, 5}), R({2, 7, 5})}, 1, false);
    Check({R({2, 3, 5}), R({2, 3, 2})}, -1, false);
    Check({R({6})}, 0, false);
    Check({R({0, 3}), R({0, 3})}, 0, false);
  }
}

TEST(ConcatKernelTest, Stack) {
  uint64_t seed = 50;
  for (DType dt : {DType::kFloat32, DType::kInt32, DType::kBool}) {
    auto R = [&](const Shape& s) { return RandomOf(dt, s, ++seed, -100, 100); };
    for (int64_t axis : {0, 1, 2, -1, -3}) Check({R({3, 4}), R({3, 4}), R({3, 4})}, axis, true);
    Check({R({}), R({}), R({})}, 0, true);
    Check({R({2, 0}), R({2, 0})}, 1, true);
  }
}

TEST(ConcatKernelTest, TwoThreads) {
  Check({RandomTensor(Shape{64, 33, 57}, 1), RandomTensor(Shape{64, 17, 57}, 2)}, 1, false, 2);
  Check({RandomTensor(Shape{1, 64, 40, 40}, 3), RandomTensor(Shape{1, 32, 40, 40}, 4)}, 1, false, 2);
  Check({RandomTensor(Shape{4096, 40}, 5), RandomTensor(Shape{4096, 40}, 6)}, 1, true, 2);
}

}  // namespace
}  // namespace oar::testing
