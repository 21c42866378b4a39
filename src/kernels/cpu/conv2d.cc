// Reference Conv2d (NCHW, f32). Three algorithms, chosen in Prepare:
//  - one input channel per group (depthwise, channel multiplier allowed): direct loops;
//  - 1x1 kernel, stride 1, no padding: the input planes already are the GEMM operand;
//  - otherwise: im2col into a scratch matrix sized in Prepare, then GEMM per image and group.
// The fused form (attrs.h) finishes with one pass over the output planes: y = act(y + bias + sum).
#include <algorithm>
#include <cstring>
#include <vector>

#include "ir/schemas/nn_shape_util.h"
#include "kernels/cpu/fused_activation.h"
#include "kernels/cpu/gemm.h"
#include "kernels/cpu/nn_kernels.h"

namespace oar::kernels::cpu {

namespace {

enum class ConvAlgo { kDirectDepthwise, kPointwiseGemm, kIm2colGemm };

class Conv2dRefKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const auto& attrs = ctx.attr<ir::Conv2dAttrs>();
    const Shape& x = ctx.input(0).shape();
    const Shape& w = ctx.input(1).shape();
    n_ = x[0];
    c_ = x[1];
    h_ = x[2];
    w_ = x[3];
    m_ = w[0];
    cg_ = w[1];
    kh_ = w[2];
    kw_ = w[3];
    groups_ = attrs.groups;
    mg_ = m_ / groups_;
    geo_ = ir::ResolveConv2d(attrs, h_, w_, kh_, kw_);
    oh_ = geo_.out[0];
    ow_ = geo_.out[1];
    const Shape& y = ctx.output(0).shape();
    if (y.rank() != 4 || y[2] != oh_ || y[3] != ow_ || cg_ * groups_ != c_) {
      return Internal("cpu conv2d: " + ctx.Where() + "inconsistent shapes x " + x.ToString() + ", w " + w.ToString() +
                      ", y " + y.ToString());
    }
    if (ctx.has_input(3) && ctx.input(3).shape() != y) {
      return Internal("cpu conv2d: " + ctx.Where() + "input #3 (Sum): expected the output's shape " + y.ToString() +
                      ", got " + ctx.input(3).shape().ToString());
    }
    // Output columns [lo, hi) whose input column lies inside the image, per kernel column.
    col_lo_.assign(static_cast<size_t>(kw_), 0);
    col_hi_.assign(static_cast<size_t>(kw_), 0);
    for (int64_t j = 0; j < kw_; ++j) {
      const int64_t off = j * geo_.dilations[1] - geo_.pads[1];
      const int64_t s = geo_.strides[1];
      int64_t lo = off >= 0 ? 0 : (-off + s - 1) / s;
      int64_t hi = w_ - off <= 0 ? 0 : (w_ - off - 1) / s + 1;
      lo = std::min(lo, ow_);
      hi = std::max(lo, std::min(hi, ow_));
      col_lo_[static_cast<size_t>(j)] = lo;
      col_hi_[static_cast<size_t>(j)] = hi;
    }
    const bool no_pad = geo_.pads[0] == 0 && geo_.pads[1] == 0 && geo_.pads[2] == 0 && geo_.pads[3] == 0;
    if (cg_ == 1) {
      algo_ = ConvAlgo::kDirectDepthwise;
    } else if (kh_ == 1 && kw_ == 1 && geo_.strides[0] == 1 && geo_.strides[1] == 1 && no_pad) {
      algo_ = ConvAlgo::kPointwiseGemm;
    } else {
      algo_ = ConvAlgo::kIm2colGemm;
    }
    col_.clear();
    if (algo_ == ConvAlgo::kIm2colGemm) col_.resize(static_cast<size_t>(cg_ * kh_ * kw_ * oh_ * ow_));
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const float* x = ctx.input(0).data<float>();
    const float* w = ctx.input(1).data<float>();
    const float* bias = ctx.has_input(2) ? ctx.input(2).data<float>() : nullptr;
    const float* sum = ctx.has_input(3) ? ctx.input(3).data<float>() : nullptr;
    const ir::FusedActivation& act = ctx.attr<ir::Conv2dAttrs>().activation;
    float* y = ctx.output(0).data<float>();
    const int threads = std::max(ctx.num_threads, 1);
    if (algo_ == ConvAlgo::kDirectDepthwise) {
      RunDepthwise(x, w, bias, y, threads);  // bias included
      if (sum || !act.none()) Epilogue(nullptr, sum, act, y, threads);
      return Status::OK();
    }
    const int64_t ohw = oh_ * ow_;
    const int64_t kdim = cg_ * kh_ * kw_;
    for (int64_t n = 0; n < n_; ++n) {
      for (int64_t g = 0; g < groups_; ++g) {
        const float* xg = x + (n * c_ + g * cg_) * h_ * w_;
        const float* wg = w + g * mg_ * kdim;
        float* yg = y + (n * m_ + g * mg_) * ohw;
        if (algo_ == ConvAlgo::kPointwiseGemm) {
          Gemm(false, false, mg_, ohw, cg_, 1.0f, wg, cg_, xg, h_ * w_, 0.0f, yg, ohw, threads);
        } else {
          Im2col(xg, col_.data(), threads);
          Gemm(false, false, mg_, ohw, kdim, 1.0f, wg, kdim, col_.data(), ohw, 0.0f, yg, ohw, threads);
        }
      }
    }
    if (bias || sum || !act.none()) Epilogue(bias, sum, act, y, threads);
    return Status::OK();
  }

 private:
  // y = act(y + bias + sum) plane by plane (bias and sum optional).
  void Epilogue(const float* bias, const float* sum, const ir::FusedActivation& act, float* y, int threads) const {
    const int64_t planes = n_ * m_;
    const int64_t ohw = oh_ * ow_;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t p = 0; p < planes; ++p) {
      ApplyEpilogue(act, bias ? bias[p % m_] : 0.0f, sum ? sum + p * ohw : nullptr, y + p * ohw, ohw);
    }
  }

  // Row (c, i, j) of the column matrix holds, for every output position, the input pixel that
  // kernel tap (i, j) of channel c sees there (0 in the padding).
  void Im2col(const float* xg, float* col, int threads) const {
    const int64_t rows = cg_ * kh_ * kw_;
    const int64_t ohw = oh_ * ow_;
    const int64_t sh = geo_.strides[0], sw = geo_.strides[1];
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t c = r / (kh_ * kw_);
      const int64_t i = (r / kw_) % kh_;
      const int64_t j = r % kw_;
      const int64_t lo = col_lo_[static_cast<size_t>(j)], hi = col_hi_[static_cast<size_t>(j)];
      const int64_t off_w = j * geo_.dilations[1] - geo_.pads[1];
      const float* plane = xg + c * h_ * w_;
      float* dst = col + r * ohw;
      for (int64_t oh = 0; oh < oh_; ++oh) {
        float* row = dst + oh * ow_;
        const int64_t ih = oh * sh - geo_.pads[0] + i * geo_.dilations[0];
        if (ih < 0 || ih >= h_) {
          std::fill(row, row + ow_, 0.0f);
          continue;
        }
        const int64_t base = ih * w_ + off_w;  // input index of output column 0 (may lie left of the row)
        std::fill(row, row + lo, 0.0f);
        if (sw == 1) {
          if (hi > lo) std::memcpy(row + lo, plane + base + lo, static_cast<size_t>(hi - lo) * sizeof(float));
        } else {
          for (int64_t ow = lo; ow < hi; ++ow) row[ow] = plane[base + ow * sw];
        }
        std::fill(row + hi, row + ow_, 0.0f);
      }
    }
  }

  void RunDepthwise(const float* x, const float* w, const float* bias, float* y, int threads) const {
    const int64_t planes = n_ * m_;
    const int64_t sh = geo_.strides[0], sw = geo_.strides[1];
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t p = 0; p < planes; ++p) {
      const int64_t n = p / m_, m = p % m_;
      const float* src = x + (n * c_ + m / mg_) * h_ * w_;  // group m/mg_ has the single input channel
      const float* wk = w + m * kh_ * kw_;
      const float b = bias ? bias[m] : 0.0f;
      float* dst = y + p * oh_ * ow_;
      for (int64_t oh = 0; oh < oh_; ++oh) {
        float* row = dst + oh * ow_;
        std::fill(row, row + ow_, b);
        for (int64_t i = 0; i < kh_; ++i) {
          const int64_t ih = oh * sh - geo_.pads[0] + i * geo_.dilations[0];
          if (ih < 0 || ih >= h_) continue;
          for (int64_t j = 0; j < kw_; ++j) {
            const float wv = wk[i * kw_ + j];
            const int64_t base = ih * w_ + j * geo_.dilations[1] - geo_.pads[1];
            const int64_t lo = col_lo_[static_cast<size_t>(j)], hi = col_hi_[static_cast<size_t>(j)];
            if (sw == 1) {
              const float* s = src + base + lo;
              float* r = row + lo;
              for (int64_t k = 0; k < hi - lo; ++k) r[k] += wv * s[k];
            } else {
              for (int64_t ow = lo; ow < hi; ++ow) row[ow] += wv * src[base + ow * sw];
            }
          }
        }
      }
    }
  }

  int64_t n_ = 0, c_ = 0, h_ = 0, w_ = 0, m_ = 0, cg_ = 0, kh_ = 0, kw_ = 0, groups_ = 1, mg_ = 0, oh_ = 0, ow_ = 0;
  ir::Window2d geo_;
  ConvAlgo algo_ = ConvAlgo::kIm2colGemm;
  std::vector<int64_t> col_lo_, col_hi_;
  std::vector<float> col_;
};

}  // namespace

void RegisterConv2dKernels(runtime::KernelRegistry& registry) {
  RegisterF32RefKernel<Conv2dRefKernel>(registry, ir::OpKind::kConv2d);
}

}  // namespace oar::kernels::cpu
