// The portable GEMM against a naive float64 product: transposes, alpha/beta, leading
// dimensions larger than the matrix, odd sizes across the blocking boundaries, threads.
#include "kernels/cpu/gemm.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "test_util.h"

namespace oar::kernels::cpu {
namespace {

struct GemmCase {
  int64_t m, n, k;
  bool ta, tb;
  float alpha, beta;
  int64_t pad;  // extra floats per row of A, B and C (leading dims > logical width)
  int threads;
};

std::vector<float> RandomVec(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

void CheckCase(const GemmCase& c) {
  SCOPED_TRACE(::testing::Message() << "m=" << c.m << " n=" << c.n << " k=" << c.k << " ta=" << c.ta << " tb=" << c.tb
                                    << " alpha=" << c.alpha << " beta=" << c.beta << " pad=" << c.pad
                                    << " threads=" << c.threads);
  // Stored shapes: A is m x k (or k x m), B is k x n (or n x k).
  const int64_t a_rows = c.ta ? c.k : c.m, a_cols = c.ta ? c.m : c.k;
  const int64_t b_rows = c.tb ? c.n : c.k, b_cols = c.tb ? c.k : c.n;
  const int64_t lda = a_cols + c.pad, ldb = b_cols + c.pad, ldc = c.n + c.pad;
  std::vector<float> a = RandomVec(static_cast<size_t>(a_rows * lda), 1 + c.m);
  std::vector<float> b = RandomVec(static_cast<size_t>(b_rows * ldb), 2 + c.n);
  std::vector<float> cm = RandomVec(static_cast<size_t>(c.m * ldc), 3 + c.k);
  if (c.beta == 0.0f) {
    // beta == 0 must not read C: NaNs there must not leak into the result.
    for (float& x : cm) x = std::numeric_limits<float>::quiet_NaN();
  }
  std::vector<float> c0 = cm;
  Gemm(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a.data(), lda, b.data(), ldb, c.beta, cm.data(), ldc, c.threads);
  double worst = 0;
  for (int64_t i = 0; i < c.m; ++i) {
    for (int64_t j = 0; j < c.n; ++j) {
      double s = 0, mag = 0;
      for (int64_t p = 0; p < c.k; ++p) {
        double av = c.ta ? a[static_cast<size_t>(p * lda + i)] : a[static_cast<size_t>(i * lda + p)];
        double bv = c.tb ? b[static_cast<size_t>(j * ldb + p)] : b[static_cast<size_t>(p * ldb + j)];
        s += av * bv;
        mag += std::fabs(av * bv);
      }
      double expect = c.alpha * s + (c.beta == 0.0f ? 0.0 : c.beta * c0[static_cast<size_t>(i * ldc + j)]);
      double got = cm[static_cast<size_t>(i * ldc + j)];
      double tol = 1e-5 * (std::fabs(c.alpha) * mag + 1.0);
      ASSERT_NEAR(got, expect, tol) << "at (" << i << "," << j << ")";
      worst = std::max(worst, std::fabs(got - expect));
    }
    // The padding columns of C are not written.
    for (int64_t j = c.n; j < ldc; ++j) {
      float before = c0[static_cast<size_t>(i * ldc + j)], after = cm[static_cast<size_t>(i * ldc + j)];
      ASSERT_TRUE((std::isnan(before) && std::isnan(after)) || before == after) << "column " << j << " of row " << i;
    }
  }
}

TEST(GemmTest, AllTransposeCombinationsOddSizes) {
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      CheckCase({7, 13, 5, ta, tb, 1.0f, 0.0f, 0, 1});
      CheckCase({67, 131, 129, ta, tb, 1.0f, 0.0f, 3, 1});  // crosses the 64/128/128 block edges
      CheckCase({3, 300, 257, ta, tb, 0.5f, 0.0f, 1, 2});   // few rows: dot-product form for A*B^T
      CheckCase({40, 1, 33, ta, tb, 1.0f, 0.0f, 2, 1});     // a single column
    }
  }
}

TEST(GemmTest, AlphaAndBetaAccumulate) {
  CheckCase({17, 23, 19, false, false, -1.5f, 1.0f, 0, 1});
  CheckCase({17, 23, 19, true, true, 2.0f, 0.25f, 4, 1});
  CheckCase({33, 140, 70, false, true, 0.75f, -1.0f, 0, 3});
}

TEST(GemmTest, ThreadCountDoesNotChangeTheResult) {
  for (int threads : {1, 2, 3, 8}) CheckCase({130, 260, 150, false, false, 1.0f, 0.0f, 0, threads});
}

TEST(GemmTest, EmptyInnerDimensionScalesC) {
  CheckCase({5, 6, 0, false, false, 1.0f, 0.0f, 0, 1});  // C = 0
  CheckCase({5, 6, 0, false, true, 1.0f, 2.0f, 1, 1});   // C = 2*C
}

TEST(GemmTest, EmptyOutputTouchesNothing) {
  std::vector<float> c = {1.0f, 2.0f};
  Gemm(false, false, 0, 2, 3, 1.0f, nullptr, 3, nullptr, 2, 0.0f, c.data(), 2, 1);
  EXPECT_EQ(c[0], 1.0f);
  EXPECT_EQ(c[1], 2.0f);
}

}  // namespace
}  // namespace oar::kernels::cpu
