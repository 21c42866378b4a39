// The reference Softmax against a naive float64 softmax along every axis position, including
// inner extents that span several blocks, large logits (stability) and threads.
#include <cmath>
#include <string>
#include <vector>

#include "nn_ref_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using ir::SoftmaxAttrs;

Tensor NaiveSoftmax(const Tensor& x, int axis) {
  const Shape& s = x.shape();
  int64_t outer = 1, inner = 1, n = s[axis];
  for (int d = 0; d < axis; ++d) outer *= s[d];
  for (int d = axis + 1; d < s.rank(); ++d) inner *= s[d];
  std::vector<double> v = ToDoubles(x), y(v.size());
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      double mx = -INFINITY, sum = 0;
      for (int64_t j = 0; j < n; ++j) mx = std::max(mx, v[static_cast<size_t>((o * n + j) * inner + i)]);
      for (int64_t j = 0; j < n; ++j) sum += std::exp(v[static_cast<size_t>((o * n + j) * inner + i)] - mx);
      for (int64_t j = 0; j < n; ++j) {
        size_t at = static_cast<size_t>((o * n + j) * inner + i);
        y[at] = std::exp(v[at] - mx) / sum;
      }
    }
  }
  return FromDoubles(s, y);
}

SoftmaxAttrs Axis(int64_t axis) {
  SoftmaxAttrs a;
  a.axis = axis;
  return a;
}

TEST(RefSoftmaxTest, EveryAxisOfA4dTensor) {
  Tensor x = RandomTensor(Shape{3, 5, 7, 9}, 5, -4.0f, 4.0f);
  for (int64_t axis : {0, 1, 2, 3, -1, -3}) {
    SCOPED_TRACE(axis);
    OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kSoftmax, Axis(axis), {&x}, 2));
    EXPECT_TRUE(TensorsNear(y, NaiveSoftmax(x, static_cast<int>(axis < 0 ? axis + 4 : axis)), 1e-5, 1e-7));
  }
}

TEST(RefSoftmaxTest, InnerExtentAcrossSeveralBlocks) {
  Tensor x = RandomTensor(Shape{2, 19, 131}, 6, -3.0f, 3.0f);  // axis 1: inner = 131 > block size
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kSoftmax, Axis(1), {&x}, 3));
  EXPECT_TRUE(TensorsNear(y, NaiveSoftmax(x, 1), 1e-5, 1e-7));
}

TEST(RefSoftmaxTest, LargeLogitsStayFinite) {
  Tensor x = RandomTensor(Shape{4, 33}, 8, 500.0f, 1000.0f);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kSoftmax, Axis(-1), {&x}));
  EXPECT_TRUE(TensorsNear(y, NaiveSoftmax(x, 1), 1e-4, 1e-7));
  double row = 0;
  for (int64_t j = 0; j < 33; ++j) row += y.GetDouble(j);
  EXPECT_NEAR(row, 1.0, 1e-5);
}

TEST(RefSoftmaxTest, HandComputed) {
  Tensor x = F32(Shape{1, 3}, {0.0f, std::log(2.0f), std::log(5.0f)});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kSoftmax, Axis(1), {&x}));
  EXPECT_TRUE(TensorsNear(y, F32(Shape{1, 3}, {0.125f, 0.25f, 0.625f}), 1e-6, 1e-7));
}

TEST(RefSoftmaxTest, AxisOutOfRangeIsAnError) {
  Tensor x = RandomTensor(Shape{2, 3}, 1);
  auto r = RunRef(OpKind::kSoftmax, Axis(2), {&x});
  EXPECT_TRUE(FailsWith(r.status(), {"softmax", "input #0", "axis 2", "[2,3]"}));
}

}  // namespace
}  // namespace oar::testing
