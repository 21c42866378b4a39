// Slice of any dtype (Python slicing per axis, negative steps included; decrease_axes only drop
// dims of extent 1, so they do not change the data order). Starts/Ends may come from tensors
// whose contents can change between runs without a shape change, so Run() resolves the ranges
// (O(rank), no allocation). Trailing dims taken whole merge with the innermost sliced dim into
// contiguous runs copied with memcpy; a strided innermost dim gathers element by element.
#include <cstring>
#include <string>
#include <vector>

#include "ir/schemas/tensor_schema_util.h"
#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/tensor_kernels.h"

namespace oar::kernels::cpu {

namespace {

constexpr int kMaxRank = 16;

class SliceKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const Shape& in = ctx.input(0).shape();
    const int rank = in.rank();
    if (rank > kMaxRank) {
      return Unsupported("cpu kernel: " + ctx.Where() + "input " + ctx.input(0).Describe() + " has rank above " +
                         std::to_string(kMaxRank));
    }
    strides_.assign(static_cast<size_t>(rank), 1);
    for (int d = rank - 2; d >= 0; --d) strides_[d] = strides_[d + 1] * in[d + 1];
    first_.assign(static_cast<size_t>(rank), 0);
    step_.assign(static_cast<size_t>(rank), 1);
    count_.assign(static_cast<size_t>(rank), 0);
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_RETURN_IF_ERROR(Resolve(ctx));
    const Tensor& x = ctx.input(0);
    Tensor& y = ctx.output(0);
    if (y.numel() == 0) return Status::OK();
    const bool ok = DispatchByElemSize(DTypeSize(x.dtype()), [&](auto tag) {
      using U = decltype(tag);
      Copy(ctx, x.data<U>(), y.data<U>());
    });
    if (!ok) return Unsupported("cpu kernel: " + ctx.Where() + "unsupported element size of " + x.Describe());
    return Status::OK();
  }

 private:
  /// Fills first_/step_/count_ from the attributes and the Starts/Ends inputs, and finds the
  /// innermost partially taken dim k_ with the contiguous block of whole dims after it.
  Status Resolve(const runtime::KernelContext& ctx) {
    const ir::SliceAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    const Shape& in = ctx.input(0).shape();
    const int rank = in.rank();
    for (int d = 0; d < rank; ++d) {
      first_[d] = 0;
      step_[d] = 1;
      count_[d] = in[d];
    }
    const size_t naxes = a->axes.size();
    const Tensor* starts = ctx.has_input(1) ? ctx.inputs[1] : nullptr;
    const Tensor* ends = ctx.has_input(2) ? ctx.inputs[2] : nullptr;
    if ((starts && static_cast<size_t>(starts->numel()) != naxes) ||
        (ends && static_cast<size_t>(ends->numel()) != naxes) || (!starts && a->starts.size() != naxes) ||
        (!ends && a->ends.size() != naxes) || (!a->steps.empty() && a->steps.size() != naxes)) {
      return InvalidArgument("cpu kernel: " + ctx.Where() + "starts/ends/steps do not match attribute 'axes' " +
                             ir::IntListString(a->axes));
    }
    for (size_t i = 0; i < naxes; ++i) {
      int ax = 0;
      const int64_t step = a->steps.empty() ? 1 : a->steps[i];
      if (!NormalizeAxis(a->axes[i], rank, &ax) || step == 0) {
        return InvalidArgument("cpu kernel: " + ctx.Where() + "invalid axis or step for input " +
                               ctx.input(0).Describe());
      }
      const int64_t s = starts ? starts->GetInt(static_cast<int64_t>(i)) : a->starts[i];
      const int64_t e = ends ? ends->GetInt(static_cast<int64_t>(i)) : a->ends[i];
      ir::ResolveSliceAxis(s, e, step, in[ax], &first_[ax], &count_[ax]);
      step_[ax] = step;
    }
    int64_t total = 1;
    for (int d = 0; d < rank; ++d) total *= count_[d];
    if (total != ctx.output(0).numel()) {
      return Internal("cpu kernel: " + ctx.Where() + "slice of " + ctx.input(0).Describe() + " has " +
                      std::to_string(total) + " elements, output " + ctx.output(0).Describe());
    }
    block_ = 1;
    k_ = rank - 1;
    while (k_ >= 0 && first_[k_] == 0 && step_[k_] == 1 && count_[k_] == in[k_]) block_ *= in[k_--];
    return Status::OK();
  }

  template <typename U>
  void Copy(const runtime::KernelContext& ctx, const U* x, U* y) const {
    if (k_ < 0) {  // nothing sliced away
      std::memcpy(y, x, static_cast<size_t>(block_) * sizeof(U));
      return;
    }
    const int k = k_;
    const int64_t block = block_, count = count_[k], step = step_[k];
    const int64_t row = count * block;  // output elements per outer index
    int64_t outer = 1;
    for (int d = 0; d < k; ++d) outer *= count_[d];
    int64_t base = 0;  // source offset of outer index 0, dim k's first included
    for (int d = 0; d <= k; ++d) base += first_[d] * strides_[d];
    const int64_t grain = std::max<int64_t>(1, kCopyGrainBytes / (row * static_cast<int64_t>(sizeof(U))));
    ParallelFor(
        ctx.num_threads, outer, grain,
        [&](int64_t begin, int64_t end) {
          int64_t idx[kMaxRank];
          int64_t src = base;
          int64_t rest = begin;
          for (int d = k - 1; d >= 0; --d) {
            idx[d] = rest % count_[d];
            rest /= count_[d];
            src += idx[d] * step_[d] * strides_[d];
          }
          for (int64_t o = begin; o < end; ++o) {
            U* dst = y + o * row;
            if (step == 1) {
              std::memcpy(dst, x + src, static_cast<size_t>(row) * sizeof(U));
            } else if (block == 1) {
              const U* s = x + src;
              for (int64_t j = 0; j < count; ++j) dst[j] = s[j * step];
            } else {
              for (int64_t j = 0; j < count; ++j) {
                std::memcpy(dst + j * block, x + src + j * step * block, static_cast<size_t>(block) * sizeof(U));
              }
            }
            for (int d = k - 1; d >= 0; --d) {
              src += step_[d] * strides_[d];
              if (++idx[d] < count_[d]) break;
              src -= count_[d] * step_[d] * strides_[d];
              idx[d] = 0;
            }
          }
        },
        1);
  }

  std::vector<int64_t> strides_, first_, step_, count_;
  int k_ = -1;         // innermost dim not taken whole (-1: none)
  int64_t block_ = 1;  // elements of the whole dims after k_
};

}  // namespace

void RegisterSliceKernels(runtime::KernelRegistry& registry) {
  RegisterRef<SliceKernel>(registry, ir::OpKind::kSlice, DType::kUndefined);
}

}  // namespace oar::kernels::cpu
