// Shared helpers for oar's GoogleTest suites.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/tensor.h"

namespace oar::testing {

/// Path of the shared/ folder (models, images); tests that need it skip when absent.
std::string SharedDir();
/// SharedDir()/models/<name>, or "" when missing.
std::string ModelDir(const std::string& name);
/// A temporary directory unique to this test process (created on first use).
std::string TempDir();

/// Fresh random floats uniform in [lo, hi), from a seed.
Tensor RandomTensor(const Shape& shape, uint64_t seed, float lo = -1.0f, float hi = 1.0f);
/// Random integers in [lo, hi].
Tensor RandomIntTensor(DType dtype, const Shape& shape, uint64_t seed, int64_t lo, int64_t hi);

/// max |a-b| / max(|b|_inf, tiny): relative error against the reference b.
double MaxRelativeError(const Tensor& a, const Tensor& b);
/// Asserts same dtype/shape and |a-b| <= atol + rtol*|b| elementwise (floats; exact for ints).
::testing::AssertionResult TensorsNear(const Tensor& a, const Tensor& b, double rtol = 1e-5, double atol = 1e-6);

}  // namespace oar::testing

#define OAR_ASSERT_OK(expr)                                    \
  do {                                                         \
    auto oar_s_ = (expr);                                      \
    ASSERT_TRUE(oar_s_.ok()) << oar_s_.ToString();             \
  } while (0)
#define OAR_EXPECT_OK(expr)                                    \
  do {                                                         \
    auto oar_s_ = (expr);                                      \
    EXPECT_TRUE(oar_s_.ok()) << oar_s_.ToString();             \
  } while (0)
/// Unwraps a StatusOr into `lhs`, failing the test on error.
#define OAR_ASSERT_OK_AND_ASSIGN(lhs, expr)                                      \
  auto OAR_CONCAT_(oar_so_, __LINE__) = (expr);                                  \
  ASSERT_TRUE(OAR_CONCAT_(oar_so_, __LINE__).ok())                               \
      << OAR_CONCAT_(oar_so_, __LINE__).status().ToString();                     \
  lhs = std::move(OAR_CONCAT_(oar_so_, __LINE__)).value()
