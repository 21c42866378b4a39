// The reference LayerNorm against a naive float64 normalisation for several begin_norm_axis
// values, with and without scale/bias, with scale shaped as the normalised dims or flattened.
#include <cmath>
#include <string>
#include <vector>

#include "nn_ref_test_util.h"

namespace oar::testing {
namespace {

using ir::LayerNormAttrs;
using ir::OpKind;

Tensor NaiveLayerNorm(const Tensor& x, int axis, const Tensor* scale, const Tensor* bias, double eps) {
  int64_t rows = 1, cols = 1;
  for (int d = 0; d < x.shape().rank(); ++d) (d < axis ? rows : cols) *= x.shape()[d];
  std::vector<double> v = ToDoubles(x), y(v.size());
  for (int64_t r = 0; r < rows; ++r) {
    double mean = 0, var = 0;
    for (int64_t c = 0; c < cols; ++c) mean += v[static_cast<size_t>(r * cols + c)];
    mean /= static_cast<double>(cols);
    for (int64_t c = 0; c < cols; ++c) var += std::pow(v[static_cast<size_t>(r * cols + c)] - mean, 2);
    var /= static_cast<double>(cols);
    for (int64_t c = 0; c < cols; ++c) {
      double z = (v[static_cast<size_t>(r * cols + c)] - mean) / std::sqrt(var + eps);
      if (scale) z *= scale->GetDouble(c);
      if (bias) z += bias->GetDouble(c);
      y[static_cast<size_t>(r * cols + c)] = z;
    }
  }
  return FromDoubles(x.shape(), y);
}

LayerNormAttrs LN(int64_t axis, float eps = 1e-5f) {
  LayerNormAttrs a;
  a.begin_norm_axis = axis;
  a.epsilon = eps;
  return a;
}

TEST(RefLayerNormTest, LastAxisWithScaleAndBias) {
  Tensor x = RandomTensor(Shape{3, 7, 33}, 1, -2.0f, 3.0f);
  Tensor s = RandomTensor(Shape{33}, 2);
  Tensor b = RandomTensor(Shape{33}, 3);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kLayerNorm, LN(-1), {&x, &s, &b}, 2));
  EXPECT_TRUE(TensorsNear(y, NaiveLayerNorm(x, 2, &s, &b, 1e-5), 1e-4, 1e-5));
}

TEST(RefLayerNormTest, SeveralTrailingDimsFlattenedScale) {
  Tensor x = RandomTensor(Shape{2, 5, 4, 3}, 4);
  Tensor s = RandomTensor(Shape{60}, 5);
  Tensor b = RandomTensor(Shape{5, 4, 3}, 6);  // ONNX-style: shaped as the normalised dims
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kLayerNorm, LN(1, 1e-3f), {&x, &s, &b}));
  EXPECT_TRUE(TensorsNear(y, NaiveLayerNorm(x, 1, &s, &b, 1e-3), 1e-4, 1e-5));
}

TEST(RefLayerNormTest, NoScaleNoBiasAndScaleOnly) {
  Tensor x = RandomTensor(Shape{4, 6, 10}, 7, 5.0f, 6.0f);  // large mean, small variance
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kLayerNorm, LN(2), {&x}));
  EXPECT_TRUE(TensorsNear(y, NaiveLayerNorm(x, 2, nullptr, nullptr, 1e-5), 1e-3, 1e-4));
  Tensor s = RandomTensor(Shape{60}, 8);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y2, RunRef(OpKind::kLayerNorm, LN(1), {&x, &s, nullptr}));
  EXPECT_TRUE(TensorsNear(y2, NaiveLayerNorm(x, 1, &s, nullptr, 1e-5), 1e-3, 1e-4));
}

TEST(RefLayerNormTest, ScaleSizeMismatchIsAnError) {
  Tensor x = RandomTensor(Shape{2, 8}, 1);
  Tensor s = RandomTensor(Shape{7}, 2);
  auto r = RunRef(OpKind::kLayerNorm, LN(-1), {&x, &s});
  EXPECT_TRUE(FailsWith(r.status(), {"layer_norm", "input #1", "8 elements", "[7]"}));
}

}  // namespace
}  // namespace oar::testing
