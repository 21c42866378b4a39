// Reference Pad (f32, any rank): constant, reflect (mirror without repeating the edge) and edge
// (replicate) modes. Negative pads crop. The output is processed as rows of its last dim: each
// output row maps to one input row (or to the constant), and the row's middle part is a copy.
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/cpu/nn_kernels.h"

namespace oar::kernels::cpu {

namespace {

// Input index that output index `i` (already shifted by the leading pad) reads, or -1 for the
// constant value.
inline int64_t SourceIndex(int64_t i, int64_t n, ir::PadType type) {
  if (i >= 0 && i < n) return i;
  switch (type) {
    case ir::PadType::kConstant:
      return -1;
    case ir::PadType::kEdge:
      return i < 0 ? 0 : n - 1;
    case ir::PadType::kReflect: {
      if (n == 1) return 0;
      const int64_t period = 2 * (n - 1);
      int64_t r = (i < 0 ? -i : i) % period;
      return r < n ? r : period - r;
    }
  }
  return -1;
}

class PadRefKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const auto& a = ctx.attr<ir::PadAttrs>();
    in_ = ctx.input(0).shape().dims();
    out_ = ctx.output(0).shape().dims();
    const size_t r = in_.size();
    begin_.assign(a.pads.begin(), a.pads.begin() + static_cast<std::ptrdiff_t>(r));
    if (r == 0) {  // a scalar: pad nothing
      in_ = out_ = {1};
      begin_ = {0};
    }
    // Last-dim column map: source column per output column (-1 = constant).
    const size_t last = in_.size() - 1;
    col_src_.resize(static_cast<size_t>(out_[last]));
    copy_lo_ = copy_hi_ = 0;
    for (int64_t j = 0; j < out_[last]; ++j) {
      col_src_[static_cast<size_t>(j)] = SourceIndex(j - begin_[last], in_[last], a.type);
    }
    // Output columns [copy_lo_, copy_hi_) read the input row contiguously.
    copy_lo_ = std::clamp<int64_t>(begin_[last], 0, out_[last]);
    copy_hi_ = std::clamp<int64_t>(begin_[last] + in_[last], copy_lo_, out_[last]);
    in_strides_.assign(in_.size(), 1);
    for (size_t k = in_.size() - 1; k-- > 0;) in_strides_[k] = in_strides_[k + 1] * in_[k + 1];
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const auto& a = ctx.attr<ir::PadAttrs>();
    const float* x = ctx.input(0).data<float>();
    float* y = ctx.output(0).data<float>();
    const size_t last = in_.size() - 1;
    const int64_t cols = out_[last];
    int64_t rows = 1;
    for (size_t k = 0; k < last; ++k) rows *= out_[k];
#pragma omp parallel for num_threads(std::max(ctx.num_threads, 1)) schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
      float* dst = y + r * cols;
      int64_t rem = r, src_off = 0;
      bool constant_row = false;
      for (size_t k = last; k-- > 0;) {
        const int64_t o = rem % out_[k];
        rem /= out_[k];
        const int64_t s = SourceIndex(o - begin_[k], in_[k], a.type);
        if (s < 0) {
          constant_row = true;
          break;
        }
        src_off += s * in_strides_[k];
      }
      if (constant_row || in_[last] == 0) {
        std::fill(dst, dst + cols, a.value);
        continue;
      }
      const float* src = x + src_off;
      for (int64_t j = 0; j < copy_lo_; ++j) {
        const int64_t s = col_src_[static_cast<size_t>(j)];
        dst[j] = s < 0 ? a.value : src[s];
      }
      if (copy_hi_ > copy_lo_) {
        std::memcpy(dst + copy_lo_, src + (copy_lo_ - begin_[last]),
                    static_cast<size_t>(copy_hi_ - copy_lo_) * sizeof(float));
      }
      for (int64_t j = copy_hi_; j < cols; ++j) {
        const int64_t s = col_src_[static_cast<size_t>(j)];
        dst[j] = s < 0 ? a.value : src[s];
      }
    }
    return Status::OK();
  }

 private:
  std::vector<int64_t> in_, out_, begin_, in_strides_, col_src_;
  int64_t copy_lo_ = 0, copy_hi_ = 0;
};

}  // namespace

void RegisterPadKernels(runtime::KernelRegistry& registry) {
  RegisterF32RefKernel<PadRefKernel>(registry, ir::OpKind::kPad);
}

}  // namespace oar::kernels::cpu
