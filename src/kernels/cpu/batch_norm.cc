// Reference BatchNorm (inference): y = x * a[c] + b[c] with a = scale / sqrt(var + eps) and
// b = bias - mean * a, folded once per Run (the statistics are inputs and may change).
#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels/cpu/nn_kernels.h"

namespace oar::kernels::cpu {

namespace {

class BatchNormRefKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const Shape& x = ctx.input(0).shape();
    n_ = x[0];
    c_ = x[1];
    inner_ = 1;
    for (int d = 2; d < x.rank(); ++d) inner_ *= x[d];
    a_.resize(static_cast<size_t>(c_));
    b_.resize(static_cast<size_t>(c_));
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const float eps = ctx.attr<ir::BatchNormAttrs>().epsilon;
    const float* scale = ctx.input(1).data<float>();
    const float* bias = ctx.input(2).data<float>();
    const float* mean = ctx.input(3).data<float>();
    const float* var = ctx.input(4).data<float>();
    for (int64_t c = 0; c < c_; ++c) {
      const float a = scale[c] / std::sqrt(var[c] + eps);
      a_[static_cast<size_t>(c)] = a;
      b_[static_cast<size_t>(c)] = bias[c] - mean[c] * a;
    }
    const float* x = ctx.input(0).data<float>();
    float* y = ctx.output(0).data<float>();
    const int64_t planes = n_ * c_;
#pragma omp parallel for num_threads(std::max(ctx.num_threads, 1)) schedule(static)
    for (int64_t p = 0; p < planes; ++p) {
      const float a = a_[static_cast<size_t>(p % c_)], b = b_[static_cast<size_t>(p % c_)];
      const float* src = x + p * inner_;
      float* dst = y + p * inner_;
      for (int64_t i = 0; i < inner_; ++i) dst[i] = src[i] * a + b;
    }
    return Status::OK();
  }

 private:
  int64_t n_ = 0, c_ = 0, inner_ = 1;
  std::vector<float> a_, b_;
};

}  // namespace

void RegisterBatchNormKernels(runtime::KernelRegistry& registry) {
  RegisterF32RefKernel<BatchNormRefKernel>(registry, ir::OpKind::kBatchNorm);
}

}  // namespace oar::kernels::cpu
