// Portable single-precision GEMM used by the reference Conv2d and MatMul kernels (and by any
// kernel that needs one without oneDNN). Row-major, BLAS-like argument order.
#pragma once

#include <cstdint>

namespace oar::kernels::cpu {

/// C = alpha * op(A) * op(B) + beta * C, all row-major. op(A) is m x k: A itself (m rows of
/// lda >= k floats) or, with trans_a, the transpose of a k x m matrix (lda >= m). Likewise op(B)
/// is k x n (ldb >= n, or with trans_b an n x k matrix with ldb >= k). C is m x n with ldc >= n
/// and must not overlap A or B. beta == 0 overwrites C without reading it (NaNs in C vanish).
/// Work is split into blocks of C over up to `num_threads` OpenMP threads; pass 1 when calling
/// from inside a parallel region. Allocates nothing (packing uses a fixed stack buffer).
void Gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
          const float* b, int64_t ldb, float beta, float* c, int64_t ldc, int num_threads);

}  // namespace oar::kernels::cpu
