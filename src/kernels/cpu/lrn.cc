// Reference cross-channel LRN (Paddle/Caffe): y = x / (k + alpha/size * sum x_c'^2)^beta over
// the channel window [c - (size-1)/2, c - (size-1)/2 + size - 1] clipped to [0, C).
#include <algorithm>
#include <cmath>

#include "kernels/cpu/nn_kernels.h"

namespace oar::kernels::cpu {

namespace {

class LrnRefKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const Shape& x = ctx.input(0).shape();
    n_ = x[0];
    c_ = x[1];
    hw_ = x[2] * x[3];
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const auto& a = ctx.attr<ir::LrnAttrs>();
    const float* x = ctx.input(0).data<float>();
    float* y = ctx.output(0).data<float>();
    const int64_t pre = (a.size - 1) / 2;
    const float alpha_over_size = a.alpha / static_cast<float>(a.size);
    const int64_t planes = n_ * c_;
#pragma omp parallel for num_threads(std::max(ctx.num_threads, 1)) schedule(static)
    for (int64_t p = 0; p < planes; ++p) {
      const int64_t n = p / c_, c = p % c_;
      const int64_t c0 = std::max<int64_t>(c - pre, 0);
      const int64_t c1 = std::min<int64_t>(c - pre + a.size, c_);  // exclusive
      float* dst = y + p * hw_;
      // The output plane accumulates the window's sum of squares first.
      std::fill(dst, dst + hw_, 0.0f);
      for (int64_t cc = c0; cc < c1; ++cc) {
        const float* src = x + (n * c_ + cc) * hw_;
        for (int64_t i = 0; i < hw_; ++i) dst[i] += src[i] * src[i];
      }
      const float* src = x + p * hw_;
      for (int64_t i = 0; i < hw_; ++i) dst[i] = src[i] * std::pow(a.k + alpha_over_size * dst[i], -a.beta);
    }
    return Status::OK();
  }

 private:
  int64_t n_ = 0, c_ = 0, hw_ = 0;
};

}  // namespace

void RegisterLrnKernels(runtime::KernelRegistry& registry) {
  RegisterF32RefKernel<LrnRefKernel>(registry, ir::OpKind::kLrn);
}

}  // namespace oar::kernels::cpu
