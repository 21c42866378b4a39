// The reference BatchNorm (inference) against a naive float64 formula, on 4-D and 2-D inputs.
#include <cmath>
#include <vector>

#include "nn_ref_test_util.h"

namespace oar::testing {
namespace {

using ir::BatchNormAttrs;
using ir::OpKind;

Tensor NaiveBatchNorm(const Tensor& x, const Tensor& scale, const Tensor& bias, const Tensor& mean, const Tensor& var,
                      double eps) {
  const int64_t n = x.shape()[0], c = x.shape()[1];
  const int64_t inner = x.numel() / std::max<int64_t>(n * c, 1);
  std::vector<double> v = ToDoubles(x);
  for (int64_t i = 0; i < n * c; ++i) {
    const int64_t ch = i % c;
    for (int64_t j = 0; j < inner; ++j) {
      double& e = v[static_cast<size_t>(i * inner + j)];
      e = (e - mean.GetDouble(ch)) / std::sqrt(var.GetDouble(ch) + eps) * scale.GetDouble(ch) + bias.GetDouble(ch);
    }
  }
  return FromDoubles(x.shape(), v);
}

void CheckBatchNorm(const Shape& shape, float eps, int threads) {
  const int64_t c = shape[1];
  Tensor x = RandomTensor(shape, 11, -3.0f, 3.0f);
  Tensor scale = RandomTensor(Shape{c}, 12);
  Tensor bias = RandomTensor(Shape{c}, 13);
  Tensor mean = RandomTensor(Shape{c}, 14);
  Tensor var = RandomTensor(Shape{c}, 15, 0.0f, 2.0f);
  BatchNormAttrs a;
  a.epsilon = eps;
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kBatchNorm, a, {&x, &scale, &bias, &mean, &var}, threads));
  EXPECT_TRUE(TensorsNear(y, NaiveBatchNorm(x, scale, bias, mean, var, eps), 1e-4, 1e-5));
}

TEST(RefBatchNormTest, Nchw) { CheckBatchNorm(Shape{2, 5, 7, 9}, 1e-5f, 2); }
TEST(RefBatchNormTest, Rank2) { CheckBatchNorm(Shape{6, 13}, 1e-3f, 1); }
TEST(RefBatchNormTest, Rank3) { CheckBatchNorm(Shape{3, 4, 11}, 1e-5f, 3); }

TEST(RefBatchNormTest, ChannelMismatchNamesTheParameter) {
  Tensor x = RandomTensor(Shape{1, 4, 2, 2}, 1);
  Tensor p = RandomTensor(Shape{4}, 2);
  Tensor bad = RandomTensor(Shape{3}, 3);
  auto r = RunRef(OpKind::kBatchNorm, BatchNormAttrs{}, {&x, &p, &p, &bad, &p});
  EXPECT_TRUE(FailsWith(r.status(), {"batch_norm", "input #3", "mean of shape [4]", "[3]"}));
}

}  // namespace
}  // namespace oar::testing
