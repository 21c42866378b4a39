// Reference MatMul (numpy semantics): batch dims broadcast, rank-1 operands promoted to a row
// (A) or a column (B) whose added dim the result drops, optional transposes of the last two
// dims, y = alpha * A @ B + bias with bias broadcast onto the result, then the fused activation
// (attrs.h) when there is one.
#include <algorithm>
#include <vector>

#include "kernels/cpu/fused_activation.h"
#include "kernels/cpu/gemm.h"
#include "kernels/cpu/nn_kernels.h"

namespace oar::kernels::cpu {

namespace {

// Element strides of `dims` right-aligned to rank `rank`, 0 where a dim is broadcast (size 1
// against a larger output dim, or missing).
std::vector<int64_t> BroadcastStrides(const std::vector<int64_t>& dims, const std::vector<int64_t>& out_dims) {
  const size_t rank = out_dims.size();
  std::vector<int64_t> strides(rank, 0);
  int64_t s = 1;
  for (size_t k = 0; k < dims.size(); ++k) {
    const size_t d = dims.size() - 1 - k;  // index in dims
    const size_t o = rank - 1 - k;         // index in out_dims
    strides[o] = (dims[d] == 1 && out_dims[o] != 1) ? 0 : s;
    s *= dims[d];
  }
  return strides;
}

class MatMulRefKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const auto& attrs = ctx.attr<ir::MatMulAttrs>();
    const std::vector<int64_t>& a = ctx.input(0).shape().dims();
    const std::vector<int64_t>& b = ctx.input(1).shape().dims();
    const size_t ra = a.size(), rb = b.size();
    const bool a1 = ra == 1, b1 = rb == 1;
    trans_a_ = !a1 && attrs.transpose_a;
    trans_b_ = !b1 && attrs.transpose_b;
    m_ = a1 ? 1 : (trans_a_ ? a[ra - 1] : a[ra - 2]);
    k_ = a1 ? a[0] : (trans_a_ ? a[ra - 2] : a[ra - 1]);
    n_ = b1 ? 1 : (trans_b_ ? b[rb - 2] : b[rb - 1]);
    lda_ = a1 ? k_ : a[ra - 1];
    ldb_ = b1 ? 1 : b[rb - 1];
    // Batch dims and, for every output batch, the offsets of its A and B matrices.
    std::vector<int64_t> ba(a.begin(), a.end() - (a1 ? 1 : 2));
    std::vector<int64_t> bb(b.begin(), b.end() - (b1 ? 1 : 2));
    const size_t rank = std::max(ba.size(), bb.size());
    std::vector<int64_t> out_batch(rank, 1);
    for (size_t k = 0; k < rank; ++k) {
      const int64_t da = k < ba.size() ? ba[ba.size() - 1 - k] : 1;
      const int64_t db = k < bb.size() ? bb[bb.size() - 1 - k] : 1;
      out_batch[rank - 1 - k] = da == 1 ? db : da;
    }
    const std::vector<int64_t> sa = BroadcastStrides(ba, out_batch), sb = BroadcastStrides(bb, out_batch);
    int64_t batches = 1;
    for (int64_t d : out_batch) batches *= d;
    a_off_.assign(static_cast<size_t>(batches), 0);
    b_off_.assign(static_cast<size_t>(batches), 0);
    for (int64_t t = 0; t < batches; ++t) {
      int64_t rem = t, oa = 0, ob = 0;
      for (size_t k = rank; k-- > 0;) {
        const int64_t idx = rem % out_batch[k];
        rem /= out_batch[k];
        oa += idx * sa[k];
        ob += idx * sb[k];
      }
      a_off_[static_cast<size_t>(t)] = oa * m_ * k_;
      b_off_[static_cast<size_t>(t)] = ob * k_ * n_;
    }
    // Bias: strides against the result shape, seen as rows of its last dim.
    const std::vector<int64_t>& y = ctx.output(0).shape().dims();
    y_dims_ = y.empty() ? std::vector<int64_t>{1} : y;
    bias_strides_.clear();
    if (ctx.has_input(2)) {
      std::vector<int64_t> bias = ctx.input(2).shape().dims();
      if (bias.empty()) bias = {1};
      bias_strides_ = BroadcastStrides(bias, y_dims_);
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const float alpha = ctx.attr<ir::MatMulAttrs>().alpha;
    const float* a = ctx.input(0).data<float>();
    const float* b = ctx.input(1).data<float>();
    float* y = ctx.output(0).data<float>();
    const int threads = std::max(ctx.num_threads, 1);
    const int64_t batches = static_cast<int64_t>(a_off_.size());
    const int64_t mn = m_ * n_;
    if (batches >= threads && threads > 1) {
#pragma omp parallel for num_threads(threads) schedule(static)
      for (int64_t t = 0; t < batches; ++t) {
        Gemm(trans_a_, trans_b_, m_, n_, k_, alpha, a + a_off_[static_cast<size_t>(t)], lda_,
             b + b_off_[static_cast<size_t>(t)], ldb_, 0.0f, y + t * mn, n_, 1);
      }
    } else {
      for (int64_t t = 0; t < batches; ++t) {
        Gemm(trans_a_, trans_b_, m_, n_, k_, alpha, a + a_off_[static_cast<size_t>(t)], lda_,
             b + b_off_[static_cast<size_t>(t)], ldb_, 0.0f, y + t * mn, n_, threads);
      }
    }
    if (ctx.has_input(2)) AddBias(ctx.input(2).data<float>(), y, threads);
    ApplyActivation(ctx.attr<ir::MatMulAttrs>().activation, y, ctx.output(0).numel(), threads);
    return Status::OK();
  }

 private:
  void AddBias(const float* bias, float* y, int threads) const {
    const size_t rank = y_dims_.size();
    const int64_t cols = y_dims_[rank - 1];
    int64_t rows = 1;
    for (size_t k = 0; k + 1 < rank; ++k) rows *= y_dims_[k];
    const int64_t col_stride = bias_strides_[rank - 1];
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
      int64_t rem = r, off = 0;
      for (size_t k = rank - 1; k-- > 0;) {
        off += (rem % y_dims_[k]) * bias_strides_[k];
        rem /= y_dims_[k];
      }
      float* row = y + r * cols;
      const float* brow = bias + off;
      if (col_stride == 0) {
        for (int64_t j = 0; j < cols; ++j) row[j] += brow[0];
      } else {
        for (int64_t j = 0; j < cols; ++j) row[j] += brow[j];
      }
    }
  }

  bool trans_a_ = false, trans_b_ = false;
  int64_t m_ = 0, n_ = 0, k_ = 0, lda_ = 0, ldb_ = 0;
  std::vector<int64_t> a_off_, b_off_;
  std::vector<int64_t> y_dims_, bias_strides_;
};

}  // namespace

void RegisterMatMulKernels(runtime::KernelRegistry& registry) {
  RegisterF32RefKernel<MatMulRefKernel>(registry, ir::OpKind::kMatMul);
}

}  // namespace oar::kernels::cpu
