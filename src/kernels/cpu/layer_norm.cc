// Reference LayerNorm: each row of the dims [begin_norm_axis, rank) is normalised with its mean
// and (biased) variance, accumulated in double with two passes for accuracy.
#include <algorithm>
#include <cmath>

#include "kernels/cpu/nn_kernels.h"

namespace oar::kernels::cpu {

namespace {

class LayerNormRefKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const Shape& x = ctx.input(0).shape();
    int axis = 0;
    if (!NormalizeAxis(ctx.attr<ir::LayerNormAttrs>().begin_norm_axis, x.rank(), &axis)) {
      return Internal("cpu layer_norm: " + ctx.Where() + "bad begin_norm_axis for " + x.ToString());
    }
    rows_ = 1;
    cols_ = 1;
    for (int d = 0; d < x.rank(); ++d) (d < axis ? rows_ : cols_) *= x[d];
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const float eps = ctx.attr<ir::LayerNormAttrs>().epsilon;
    const float* x = ctx.input(0).data<float>();
    const float* scale = ctx.has_input(1) ? ctx.input(1).data<float>() : nullptr;
    const float* bias = ctx.has_input(2) ? ctx.input(2).data<float>() : nullptr;
    float* y = ctx.output(0).data<float>();
    const int64_t cols = cols_;
#pragma omp parallel for num_threads(std::max(ctx.num_threads, 1)) schedule(static)
    for (int64_t r = 0; r < rows_; ++r) {
      const float* src = x + r * cols;
      float* dst = y + r * cols;
      double sum = 0.0;
      for (int64_t i = 0; i < cols; ++i) sum += src[i];
      const double mean = cols > 0 ? sum / static_cast<double>(cols) : 0.0;
      double sq = 0.0;
      for (int64_t i = 0; i < cols; ++i) {
        const double d = src[i] - mean;
        sq += d * d;
      }
      const double var = cols > 0 ? sq / static_cast<double>(cols) : 0.0;
      const float inv = static_cast<float>(1.0 / std::sqrt(var + static_cast<double>(eps)));
      const float m = static_cast<float>(mean);
      for (int64_t i = 0; i < cols; ++i) {
        float v = (src[i] - m) * inv;
        if (scale) v *= scale[i];
        if (bias) v += bias[i];
        dst[i] = v;
      }
    }
    return Status::OK();
  }

 private:
  int64_t rows_ = 0, cols_ = 0;
};

}  // namespace

void RegisterLayerNormKernels(runtime::KernelRegistry& registry) {
  RegisterF32RefKernel<LayerNormRefKernel>(registry, ir::OpKind::kLayerNorm);
}

}  // namespace oar::kernels::cpu
