// Transpose against a naive index mapping: ranks 1-6, every permutation of small ranks, size-1
// and size-0 dims, every element size, the row path, the tiled path and two threads.
#include <algorithm>
#include <numeric>
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

/// y[i0..] = x[...] with y.shape[i] = x.shape[perm[i]], byte-exact for any dtype.
Tensor Naive(const Tensor& x, const std::vector<int64_t>& perm) {
  const Shape& in = x.shape();
  Shape out;
  for (int64_t p : perm) out.push_back(in[static_cast<int>(p)]);
  Tensor y(x.dtype(), out);
  const size_t es = DTypeSize(x.dtype());
  for (int64_t i = 0; i < y.numel(); ++i) {
    std::vector<int64_t> oi = Unravel(i, out);
    std::vector<int64_t> ii(static_cast<size_t>(in.rank()));
    for (size_t d = 0; d < perm.size(); ++d) ii[static_cast<size_t>(perm[d])] = oi[d];
    int64_t src = 0;
    for (int d = 0; d < in.rank(); ++d) src = src * in[d] + ii[static_cast<size_t>(d)];
    std::memcpy(static_cast<char*>(y.raw_data()) + static_cast<size_t>(i) * es,
                static_cast<const char*>(x.raw_data()) + static_cast<size_t>(src) * es, es);
  }
  return y;
}

void Check(const Tensor& x, const std::vector<int64_t>& perm, int threads = 1) {
  auto r = RunRef(ir::OpKind::kTranspose, ir::TransposeAttrs{perm}, {&x}, 1, threads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<int64_t> p = perm;
  if (p.empty()) {
    for (int d = x.shape().rank() - 1; d >= 0; --d) p.push_back(d);
  }
  for (int64_t& v : p) v = v < 0 ? v + x.shape().rank() : v;
  EXPECT_TRUE(SameBytes((*r)[0], Naive(x, p))) << x.Describe() << " perm " << ::testing::PrintToString(perm);
}

TEST(TransposeKernelTest, AllPermutationsOfSmallRanks) {
  uint64_t seed = 1;
  for (const Shape& shape : {Shape{7}, Shape{3, 5}, Shape{2, 3, 5}, Shape{3, 1, 4, 5}, Shape{2, 3, 1, 2, 3}}) {
    std::vector<int64_t> perm(static_cast<size_t>(shape.rank()));
    std::iota(perm.begin(), perm.end(), 0);
    Tensor x = RandomTensor(shape, ++seed);
    do {
      Check(x, perm);
    } while (std::next_permutation(perm.begin(), perm.end()));
  }
}

TEST(TransposeKernelTest, ElementSizesAndEdgeShapes) {
  uint64_t seed = 100;
  for (DType dt : {DType::kUInt8, DType::kFloat16, DType::kInt32, DType::kInt64, DType::kBool}) {
    Tensor x = RandomOf(dt, Shape{3, 37, 5, 2}, ++seed, -100, 100);
    Check(x, {0, 2, 3, 1});
    Check(x, {3, 1, 0, 2});
    Check(x, {1, 0, 2, 3});  // last dim kept: row copies
  }
  Check(RandomTensor(Shape{}, ++seed), {});
  Check(RandomTensor(Shape{4, 0, 3}, ++seed), {2, 0, 1});
  Check(RandomTensor(Shape{1, 1, 1}, ++seed), {2, 1, 0});
  Check(RandomTensor(Shape{2, 3, 4}, ++seed), {});           // empty perm reverses
  Check(RandomTensor(Shape{2, 3, 4}, ++seed), {-1, 0, -2});  // negative entries
  Check(RandomTensor(Shape{2, 1, 3, 1, 4, 5}, ++seed), {5, 3, 1, 4, 0, 2});
}

TEST(TransposeKernelTest, LargeWithTwoThreads) {
  Check(RandomTensor(Shape{2, 64, 57, 61}, 1), {0, 2, 3, 1}, 2);  // NCHW -> NHWC
  Check(RandomTensor(Shape{2, 57, 61, 64}, 2), {0, 3, 1, 2}, 2);  // NHWC -> NCHW
  Check(RandomTensor(Shape{1, 1000, 1001}, 3), {0, 2, 1}, 2);
  Check(RandomTensor(Shape{96, 8, 3, 131}, 4), {1, 0, 2, 3}, 2);  // row path
}

}  // namespace
}  // namespace oar::testing
