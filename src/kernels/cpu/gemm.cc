#include "kernels/cpu/gemm.h"

#include <algorithm>

namespace oar::kernels::cpu {

namespace {

// C is cut into kBlockM x kBlockN tiles (one task each); the k loop runs in kBlockK slices so
// that the slice of B (kBlockK x kBlockN floats, 64 KiB) stays in L2 while the C rows of the
// tile (4 x kBlockN floats) stay in L1.
constexpr int64_t kBlockM = 64;
constexpr int64_t kBlockN = 128;
constexpr int64_t kBlockK = 128;
// Below this many rows of C, A * B^T is computed as dot products instead of packing B.
constexpr int64_t kDotMaxRows = 32;

// The i-k-j inner loops: rows of C updated by a scalar times a row of B. restrict lets the
// compiler vectorize the j loop.
inline void Axpy4(int64_t n, float a0, float a1, float a2, float a3, const float* __restrict b, float* __restrict c0,
                  float* __restrict c1, float* __restrict c2, float* __restrict c3) {
  for (int64_t j = 0; j < n; ++j) {
    float bj = b[j];
    c0[j] += a0 * bj;
    c1[j] += a1 * bj;
    c2[j] += a2 * bj;
    c3[j] += a3 * bj;
  }
}

inline void Axpy1(int64_t n, float a0, const float* __restrict b, float* __restrict c0) {
  for (int64_t j = 0; j < n; ++j) c0[j] += a0 * b[j];
}

// Dot product with eight independent partial sums, so that the compiler can keep them in
// vector registers without reassociating a single float sum.
inline float Dot(int64_t n, const float* __restrict x, const float* __restrict y) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int l = 0; l < 8; ++l) acc[l] += x[i + l] * y[i + l];
  }
  float s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
  for (; i < n; ++i) s += x[i] * y[i];
  return s;
}

struct GemmArgs {
  bool trans_a, trans_b;
  int64_t m, n, k;
  float alpha;
  const float* a;
  int64_t lda;
  const float* b;
  int64_t ldb;
  float beta;
  float* c;
  int64_t ldc;
};

inline float AElem(const GemmArgs& g, int64_t i, int64_t kk) {
  return g.trans_a ? g.a[kk * g.lda + i] : g.a[i * g.lda + kk];
}

// A few rows of A times a transposed B: packing B would cost more than the product itself, so
// each element is a dot product of two contiguous rows.
void GemmTileDot(const GemmArgs& g, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
  for (int64_t i = i0; i < i1; ++i) {
    const float* arow = g.a + i * g.lda;
    float* crow = g.c + i * g.ldc;
    for (int64_t j = j0; j < j1; ++j) {
      float v = g.alpha * Dot(g.k, arow, g.b + j * g.ldb);
      crow[j] = g.beta == 0.0f ? v : v + g.beta * crow[j];
    }
  }
}

// Computes C[i0:i1, j0:j1].
void GemmTile(const GemmArgs& g, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
  const int64_t nb = j1 - j0;
  for (int64_t i = i0; i < i1; ++i) {
    float* crow = g.c + i * g.ldc + j0;
    if (g.beta == 0.0f) {
      std::fill(crow, crow + nb, 0.0f);
    } else if (g.beta != 1.0f) {
      for (int64_t j = 0; j < nb; ++j) crow[j] *= g.beta;
    }
  }
  alignas(64) float bpack[kBlockK * kBlockN];
  for (int64_t k0 = 0; k0 < g.k; k0 += kBlockK) {
    const int64_t kb = std::min(kBlockK, g.k - k0);
    const float* bp;
    int64_t ldbp;
    if (g.trans_b) {
      // op(B) rows are strided in memory: pack the slice row-major so the j loop is contiguous.
      for (int64_t jj = 0; jj < nb; ++jj) {
        const float* src = g.b + (j0 + jj) * g.ldb + k0;
        for (int64_t kk = 0; kk < kb; ++kk) bpack[kk * nb + jj] = src[kk];
      }
      bp = bpack;
      ldbp = nb;
    } else {
      bp = g.b + k0 * g.ldb + j0;
      ldbp = g.ldb;
    }
    int64_t i = i0;
    for (; i + 4 <= i1; i += 4) {
      float* c0 = g.c + i * g.ldc + j0;
      float* c1 = c0 + g.ldc;
      float* c2 = c1 + g.ldc;
      float* c3 = c2 + g.ldc;
      for (int64_t kk = 0; kk < kb; ++kk) {
        Axpy4(nb, g.alpha * AElem(g, i, k0 + kk), g.alpha * AElem(g, i + 1, k0 + kk),
              g.alpha * AElem(g, i + 2, k0 + kk), g.alpha * AElem(g, i + 3, k0 + kk), bp + kk * ldbp, c0, c1, c2, c3);
      }
    }
    for (; i < i1; ++i) {
      float* c0 = g.c + i * g.ldc + j0;
      for (int64_t kk = 0; kk < kb; ++kk) Axpy1(nb, g.alpha * AElem(g, i, k0 + kk), bp + kk * ldbp, c0);
    }
  }
}

}  // namespace

void Gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
          const float* b, int64_t ldb, float beta, float* c, int64_t ldc, int num_threads) {
  if (m <= 0 || n <= 0) return;
  const GemmArgs g{trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc};
  const int64_t tiles_m = (m + kBlockM - 1) / kBlockM;
  const int64_t tiles_n = (n + kBlockN - 1) / kBlockN;
  const int64_t tiles = tiles_m * tiles_n;
  const int threads = static_cast<int>(std::min<int64_t>(std::max(num_threads, 1), tiles));
  const bool dot_form = trans_b && !trans_a && m < kDotMaxRows;
#pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static)
  for (int64_t t = 0; t < tiles; ++t) {
    const int64_t i0 = (t / tiles_n) * kBlockM;
    const int64_t j0 = (t % tiles_n) * kBlockN;
    if (dot_form) {
      GemmTileDot(g, i0, std::min(i0 + kBlockM, m), j0, std::min(j0 + kBlockN, n));
    } else {
      GemmTile(g, i0, std::min(i0 + kBlockM, m), j0, std::min(j0 + kBlockN, n));
    }
  }
}

}  // namespace oar::kernels::cpu
