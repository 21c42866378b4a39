// Split of any dtype: the inverse of Concat. The input is [outer, sum of per-output chunks]; each
// output takes its contiguous chunk of (its extent along the axis) * inner elements per outer index.
#include <cstring>
#include <string>
#include <vector>

#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/tensor_kernels.h"

namespace oar::kernels::cpu {

namespace {

class SplitKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const ir::SplitAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    const Tensor& x = ctx.input(0);
    int ax = 0;
    if (!NormalizeAxis(a->axis, x.shape().rank(), &ax)) {
      return InvalidArgument("cpu kernel: " + ctx.Where() + "axis " + std::to_string(a->axis) +
                             " out of range for input " + x.Describe());
    }
    const int64_t elem = static_cast<int64_t>(DTypeSize(x.dtype()));
    outer_ = 1;
    int64_t inner = 1;
    for (int d = 0; d < ax; ++d) outer_ *= x.shape()[d];
    for (int d = ax + 1; d < x.shape().rank(); ++d) inner *= x.shape()[d];
    const size_t n = ctx.outputs.size();
    chunk_bytes_.resize(n);
    row_bytes_ = 0;
    for (size_t i = 0; i < n; ++i) {
      const Tensor& y = *ctx.outputs[i];
      if (y.dtype() != x.dtype() || y.shape().rank() != x.shape().rank()) {
        return Internal("cpu kernel: " + ctx.Where() + "output #" + std::to_string(i) + " " + y.Describe() +
                        " does not match input " + x.Describe());
      }
      chunk_bytes_[i] = y.shape()[ax] * inner * elem;
      row_bytes_ += chunk_bytes_[i];
    }
    if (row_bytes_ * outer_ != static_cast<int64_t>(x.nbytes())) {
      return Internal("cpu kernel: " + ctx.Where() + "outputs do not cover input " + x.Describe());
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const char* x = static_cast<const char*>(ctx.input(0).raw_data());
    const size_t n = ctx.outputs.size();
    if (row_bytes_ == 0 || outer_ == 0) return Status::OK();
    const int64_t grain = std::max<int64_t>(1, kCopyGrainBytes / row_bytes_);
    ParallelFor(
        ctx.num_threads, outer_, grain,
        [&](int64_t begin, int64_t end) {
          for (int64_t o = begin; o < end; ++o) {
            const char* src = x + o * row_bytes_;
            for (size_t i = 0; i < n; ++i) {
              const int64_t c = chunk_bytes_[i];
              if (c) std::memcpy(static_cast<char*>(ctx.outputs[i]->raw_data()) + o * c, src, static_cast<size_t>(c));
              src += c;
            }
          }
        },
        1);
    return Status::OK();
  }

 private:
  int64_t outer_ = 1, row_bytes_ = 0;
  std::vector<int64_t> chunk_bytes_;  // per output, bytes per outer index
};

}  // namespace

void RegisterSplitKernels(runtime::KernelRegistry& registry) {
  RegisterRef<SplitKernel>(registry, ir::OpKind::kSplit, DType::kUndefined);
}

}  // namespace oar::kernels::cpu
