// Reference Resize (NCHW, f32), nearest and bilinear, with Paddle interp_v2 source coordinates
// (attrs.h). The per-row/column source indices and weights are computed once per Run into
// tables sized in Prepare, then every plane is interpolated from them.
#include <algorithm>
#include <vector>

#include "ir/schemas/nn_shape_util.h"
#include "kernels/cpu/nn_kernels.h"

namespace oar::kernels::cpu {

namespace {

// Source index pair and the weight of the second one for each destination index of one axis.
struct AxisTable {
  std::vector<int64_t> i0, i1;
  std::vector<float> frac;
};

class ResizeRefKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const Shape& x = ctx.input(0).shape();
    const Shape& y = ctx.output(0).shape();
    planes_ = x[0] * x[1];
    ih_ = x[2];
    iw_ = x[3];
    oh_ = y[2];
    ow_ = y[3];
    for (AxisTable* t : {&rows_, &cols_}) {
      const size_t n = static_cast<size_t>(t == &rows_ ? oh_ : ow_);
      t->i0.resize(n);
      t->i1.resize(n);
      t->frac.resize(n);
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const auto& a = ctx.attr<ir::ResizeAttrs>();
    float scale_h = -1.0f, scale_w = -1.0f;
    ir::ResizeScales(a, ctx.has_input(2) ? &ctx.input(2) : nullptr, &scale_h, &scale_w);
    FillTable(a, ih_, oh_, ir::ResizeRatio(a.align_corners, ih_, oh_, scale_h), &rows_);
    FillTable(a, iw_, ow_, ir::ResizeRatio(a.align_corners, iw_, ow_, scale_w), &cols_);
    const bool nearest = a.mode == ir::ResizeMode::kNearest;
    const float* x = ctx.input(0).data<float>();
    float* y = ctx.output(0).data<float>();
#pragma omp parallel for num_threads(std::max(ctx.num_threads, 1)) schedule(static)
    for (int64_t p = 0; p < planes_; ++p) {
      const float* src = x + p * ih_ * iw_;
      float* dst = y + p * oh_ * ow_;
      for (int64_t i = 0; i < oh_; ++i) {
        const size_t si = static_cast<size_t>(i);
        float* out = dst + i * ow_;
        const float* r0 = src + rows_.i0[si] * iw_;
        if (nearest) {
          for (int64_t j = 0; j < ow_; ++j) out[j] = r0[cols_.i0[static_cast<size_t>(j)]];
          continue;
        }
        const float* r1 = src + rows_.i1[si] * iw_;
        const float fy = rows_.frac[si];
        for (int64_t j = 0; j < ow_; ++j) {
          const size_t sj = static_cast<size_t>(j);
          const int64_t c0 = cols_.i0[sj], c1 = cols_.i1[sj];
          const float fx = cols_.frac[sj];
          const float top = r0[c0] * (1.0f - fx) + r0[c1] * fx;
          const float bottom = r1[c0] * (1.0f - fx) + r1[c1] * fx;
          out[j] = top * (1.0f - fy) + bottom * fy;
        }
      }
    }
    return Status::OK();
  }

 private:
  static void FillTable(const ir::ResizeAttrs& a, int64_t in, int64_t out, float ratio, AxisTable* t) {
    const bool half_pixel = a.mode == ir::ResizeMode::kBilinear && !a.align_corners && a.align_mode == 0;
    for (int64_t d = 0; d < out; ++d) {
      const size_t sd = static_cast<size_t>(d);
      const float fd = static_cast<float>(d);
      if (a.mode == ir::ResizeMode::kNearest) {
        // Paddle rounds half up with align_corners and truncates otherwise.
        int64_t s = a.align_corners ? static_cast<int64_t>(ratio * fd + 0.5f) : static_cast<int64_t>(ratio * fd);
        s = std::min(std::max<int64_t>(s, 0), in - 1);
        t->i0[sd] = t->i1[sd] = s;
        t->frac[sd] = 0.0f;
        continue;
      }
      float src = half_pixel ? ratio * (fd + 0.5f) - 0.5f : ratio * fd;
      src = std::max(src, 0.0f);
      int64_t s0 = std::min(static_cast<int64_t>(src), in - 1);
      t->i0[sd] = s0;
      t->i1[sd] = std::min(s0 + 1, in - 1);
      t->frac[sd] = std::min(src - static_cast<float>(s0), 1.0f);
    }
  }

  int64_t planes_ = 0, ih_ = 0, iw_ = 0, oh_ = 0, ow_ = 0;
  AxisTable rows_, cols_;
};

}  // namespace

void RegisterResizeKernels(runtime::KernelRegistry& registry) {
  RegisterF32RefKernel<ResizeRefKernel>(registry, ir::OpKind::kResize);
}

}  // namespace oar::kernels::cpu
