// Split against a naive reference: sections (with -1), equal parts, negative axes, empty parts,
// every element size, two threads; concatenating the parts gives the input back.
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

/// Output k of splitting x along axis at [begin, begin + size).
Tensor NaivePart(const Tensor& x, int axis, int64_t begin, int64_t size) {
  Shape out = x.shape();
  out[axis] = size;
  Tensor y(x.dtype(), out);
  const size_t es = DTypeSize(x.dtype());
  for (int64_t i = 0; i < y.numel(); ++i) {
    std::vector<int64_t> idx = Unravel(i, out);
    idx[static_cast<size_t>(axis)] += begin;
    int64_t src = 0;
    for (int d = 0; d < x.shape().rank(); ++d) src = src * x.shape()[d] + idx[static_cast<size_t>(d)];
    std::memcpy(static_cast<char*>(y.raw_data()) + static_cast<size_t>(i) * es,
                static_cast<const char*>(x.raw_data()) + static_cast<size_t>(src) * es, es);
  }
  return y;
}

void Check(const Tensor& x, const ir::SplitAttrs& a, const std::vector<int64_t>& sizes, int threads = 1) {
  auto r = RunRef(ir::OpKind::kSplit, a, {&x}, static_cast<int>(sizes.size()), threads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const int axis = static_cast<int>(a.axis < 0 ? a.axis + x.shape().rank() : a.axis);
  int64_t begin = 0;
  for (size_t k = 0; k < sizes.size(); ++k) {
    EXPECT_TRUE(SameBytes((*r)[k], NaivePart(x, axis, begin, sizes[k]))) << "part " << k << " of " << x.Describe();
    begin += sizes[k];
  }
}

TEST(SplitKernelTest, SectionsAndEqualParts) {
  uint64_t seed = 1;
  for (DType dt : {DType::kFloat32, DType::kInt64, DType::kInt8, DType::kBFloat16}) {
    Tensor x = RandomOf(dt, Shape{4, 9, 5}, ++seed, -100, 100);
    Check(x, ir::SplitAttrs{1, {2, -1, 3}, 0}, {2, 4, 3});
    Check(x, ir::SplitAttrs{1, {0, 9}, 0}, {0, 9});
    Check(x, ir::SplitAttrs{0, {}, 2}, {2, 2});
    Check(x, ir::SplitAttrs{-1, {}, 5}, {1, 1, 1, 1, 1});
    Check(x, ir::SplitAttrs{2, {}, 0}, {5});  // one part: a copy
  }
  Check(RandomTensor(Shape{0, 6}, 9), ir::SplitAttrs{1, {}, 3}, {2, 2, 2});
}

TEST(SplitKernelTest, TwoThreads) {
  Check(RandomTensor(Shape{512, 96, 17}, 1), ir::SplitAttrs{1, {32, 64}, 0}, {32, 64}, 2);
  Check(RandomTensor(Shape{1, 255, 40, 40}, 2), ir::SplitAttrs{1, {}, 3}, {85, 85, 85}, 2);
}

}  // namespace
}  // namespace oar::testing
