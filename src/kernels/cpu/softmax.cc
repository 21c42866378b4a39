// Reference Softmax along any axis: the tensor is viewed as [outer, n, inner]. With inner == 1
// each row is contiguous; otherwise blocks of kInnerBlock adjacent inner positions are processed
// together so that every pass over the axis reads whole cache lines.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/cpu/nn_kernels.h"

namespace oar::kernels::cpu {

namespace {

constexpr int64_t kInnerBlock = 64;

class SoftmaxRefKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const Shape& x = ctx.input(0).shape();
    int axis = 0;
    if (!NormalizeAxis(ctx.attr<ir::SoftmaxAttrs>().axis, x.rank(), &axis)) {
      return Internal("cpu softmax: " + ctx.Where() + "bad axis for " + x.ToString());
    }
    outer_ = inner_ = 1;
    for (int d = 0; d < axis; ++d) outer_ *= x[d];
    n_ = x[axis];
    for (int d = axis + 1; d < x.rank(); ++d) inner_ *= x[d];
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const float* x = ctx.input(0).data<float>();
    float* y = ctx.output(0).data<float>();
    const int threads = std::max(ctx.num_threads, 1);
    const int64_t n = n_, inner = inner_;
    if (inner == 1) {
#pragma omp parallel for num_threads(threads) schedule(static)
      for (int64_t o = 0; o < outer_; ++o) {
        const float* src = x + o * n;
        float* dst = y + o * n;
        float mx = -std::numeric_limits<float>::infinity();
        for (int64_t i = 0; i < n; ++i) mx = std::max(mx, src[i]);
        double sum = 0.0;
        for (int64_t i = 0; i < n; ++i) {
          dst[i] = std::exp(src[i] - mx);
          sum += dst[i];
        }
        const float inv = static_cast<float>(1.0 / sum);
        for (int64_t i = 0; i < n; ++i) dst[i] *= inv;
      }
      return Status::OK();
    }
    const int64_t blocks = (inner + kInnerBlock - 1) / kInnerBlock;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t t = 0; t < outer_ * blocks; ++t) {
      const int64_t o = t / blocks;
      const int64_t b0 = (t % blocks) * kInnerBlock;
      const int64_t bn = std::min(kInnerBlock, inner - b0);
      const float* src = x + o * n * inner + b0;
      float* dst = y + o * n * inner + b0;
      float mx[kInnerBlock];
      double sum[kInnerBlock];
      std::fill(mx, mx + bn, -std::numeric_limits<float>::infinity());
      std::fill(sum, sum + bn, 0.0);
      for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = 0; j < bn; ++j) mx[j] = std::max(mx[j], src[i * inner + j]);
      }
      for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = 0; j < bn; ++j) {
          const float e = std::exp(src[i * inner + j] - mx[j]);
          dst[i * inner + j] = e;
          sum[j] += e;
        }
      }
      float inv[kInnerBlock];
      for (int64_t j = 0; j < bn; ++j) inv[j] = static_cast<float>(1.0 / sum[j]);
      for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = 0; j < bn; ++j) dst[i * inner + j] *= inv[j];
      }
    }
    return Status::OK();
  }

 private:
  int64_t outer_ = 1, n_ = 0, inner_ = 1;
};

}  // namespace

void RegisterSoftmaxKernels(runtime::KernelRegistry& registry) {
  RegisterF32RefKernel<SoftmaxRefKernel>(registry, ir::OpKind::kSoftmax);
}

}  // namespace oar::kernels::cpu
