// The reference LRN against a naive float64 cross-channel normalisation, odd and even window
// sizes, windows wider than the channel count.
#include <cmath>
#include <vector>

#include "nn_ref_test_util.h"

namespace oar::testing {
namespace {

using ir::LrnAttrs;
using ir::OpKind;

Tensor NaiveLrn(const Tensor& x, const LrnAttrs& a) {
  const int64_t n = x.shape()[0], c = x.shape()[1], hw = x.shape()[2] * x.shape()[3];
  std::vector<double> v = ToDoubles(x), y(v.size());
  for (int64_t b = 0; b < n; ++b) {
    for (int64_t ch = 0; ch < c; ++ch) {
      for (int64_t i = 0; i < hw; ++i) {
        double sum = 0;
        for (int64_t o = -(a.size - 1) / 2; o < a.size - (a.size - 1) / 2; ++o) {
          int64_t cc = ch + o;
          if (cc < 0 || cc >= c) continue;
          double e = v[static_cast<size_t>((b * c + cc) * hw + i)];
          sum += e * e;
        }
        size_t at = static_cast<size_t>((b * c + ch) * hw + i);
        y[at] = v[at] / std::pow(a.k + a.alpha / static_cast<double>(a.size) * sum, a.beta);
      }
    }
  }
  return FromDoubles(x.shape(), y);
}

LrnAttrs Lrn(int64_t size, float alpha, float beta, float k) {
  LrnAttrs a;
  a.size = size;
  a.alpha = alpha;
  a.beta = beta;
  a.k = k;
  return a;
}

TEST(RefLrnTest, OddAndEvenWindows) {
  Tensor x = RandomTensor(Shape{2, 7, 5, 6}, 21, -3.0f, 3.0f);
  for (const LrnAttrs& a : {Lrn(5, 1e-4f, 0.75f, 1.0f), Lrn(4, 0.5f, 0.75f, 2.0f), Lrn(3, 2.0f, 0.5f, 1.0f),
                            Lrn(9, 1.0f, 1.0f, 1.0f), Lrn(1, 0.3f, 0.6f, 0.8f)}) {
    SCOPED_TRACE(a.size);
    OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kLrn, a, {&x}, 2));
    EXPECT_TRUE(TensorsNear(y, NaiveLrn(x, a), 1e-5, 1e-6));
  }
}

TEST(RefLrnTest, RankMustBeFour) {
  Tensor x = RandomTensor(Shape{2, 7, 5}, 1);
  auto r = RunRef(OpKind::kLrn, Lrn(5, 1e-4f, 0.75f, 1.0f), {&x});
  EXPECT_TRUE(FailsWith(r.status(), {"lrn", "input #0", "rank 4", "[2,7,5]"}));
}

}  // namespace
}  // namespace oar::testing
