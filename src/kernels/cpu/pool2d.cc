// Reference Pool2d (NCHW, f32): max or average over windows clipped to the input (padding is
// never read). Average divides by the clipped window size when exclusive (and always for
// adaptive/global pooling), else by kh*kw. A window with no input element yields 0.
#include <algorithm>
#include <limits>
#include <vector>

#include "ir/schemas/nn_shape_util.h"
#include "kernels/cpu/nn_kernels.h"

namespace oar::kernels::cpu {

namespace {

class Pool2dRefKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const auto& attrs = ctx.attr<ir::Pool2dAttrs>();
    const Shape& x = ctx.input(0).shape();
    planes_ = x[0] * x[1];
    h_ = x[2];
    w_ = x[3];
    geo_ = ir::ResolvePool2d(attrs, h_, w_);
    const Shape& y = ctx.output(0).shape();
    if (y[2] != geo_.out[0] || y[3] != geo_.out[1]) {
      return Internal("cpu pool2d: " + ctx.Where() + "output " + y.ToString() + " does not match input " +
                      x.ToString());
    }
    // Window bounds per output row/column, clipped to the input.
    Bounds(geo_.out[0], h_, 0, attrs.adaptive, &h_start_, &h_end_);
    Bounds(geo_.out[1], w_, 1, attrs.adaptive, &w_start_, &w_end_);
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const auto& attrs = ctx.attr<ir::Pool2dAttrs>();
    const bool is_max = attrs.type == ir::PoolType::kMax;
    const bool clipped_count = attrs.exclusive || attrs.adaptive || attrs.global;
    const float full_count = static_cast<float>(geo_.kernel[0] * geo_.kernel[1]);
    const int64_t oh = geo_.out[0], ow = geo_.out[1];
    const float* x = ctx.input(0).data<float>();
    float* y = ctx.output(0).data<float>();
#pragma omp parallel for num_threads(std::max(ctx.num_threads, 1)) schedule(static)
    for (int64_t p = 0; p < planes_; ++p) {
      const float* src = x + p * h_ * w_;
      float* dst = y + p * oh * ow;
      for (int64_t i = 0; i < oh; ++i) {
        const int64_t hs = h_start_[static_cast<size_t>(i)], he = h_end_[static_cast<size_t>(i)];
        for (int64_t j = 0; j < ow; ++j) {
          const int64_t ws = w_start_[static_cast<size_t>(j)], we = w_end_[static_cast<size_t>(j)];
          const int64_t count = (he - hs) * (we - ws);
          float out = 0.0f;
          if (count > 0 && is_max) {
            float m = -std::numeric_limits<float>::infinity();
            for (int64_t r = hs; r < he; ++r) {
              for (int64_t c = ws; c < we; ++c) m = std::max(m, src[r * w_ + c]);
            }
            out = m;
          } else if (count > 0) {
            float s = 0.0f;
            for (int64_t r = hs; r < he; ++r) {
              for (int64_t c = ws; c < we; ++c) s += src[r * w_ + c];
            }
            out = s / (clipped_count ? static_cast<float>(count) : full_count);
          }
          dst[i * ow + j] = out;
        }
      }
    }
    return Status::OK();
  }

 private:
  void Bounds(int64_t out, int64_t in, int axis, bool adaptive, std::vector<int64_t>* start,
              std::vector<int64_t>* end) const {
    start->resize(static_cast<size_t>(out));
    end->resize(static_cast<size_t>(out));
    for (int64_t i = 0; i < out; ++i) {
      int64_t s, e;
      if (adaptive) {
        s = ir::AdaptiveStart(i, in, out);
        e = ir::AdaptiveEnd(i, in, out);
      } else {
        s = i * geo_.strides[axis] - geo_.pads[axis];
        e = std::min(s + geo_.kernel[axis], in);
        s = std::max<int64_t>(s, 0);
      }
      (*start)[static_cast<size_t>(i)] = s;
      (*end)[static_cast<size_t>(i)] = std::max(s, e);
    }
  }

  int64_t planes_ = 0, h_ = 0, w_ = 0;
  ir::Window2d geo_;
  std::vector<int64_t> h_start_, h_end_, w_start_, w_end_;
};

}  // namespace

void RegisterPool2dKernels(runtime::KernelRegistry& registry) {
  RegisterF32RefKernel<Pool2dRefKernel>(registry, ir::OpKind::kPool2d);
}

}  // namespace oar::kernels::cpu
