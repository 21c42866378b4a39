// Concat and Stack of any dtype. Both view the output as [outer, sum of per-input chunks]: input i
// contributes a contiguous chunk of (its extent along the axis, 1 for Stack) * inner elements per
// outer index, so the kernel is a sequence of memcpy calls, split across threads by outer index.
#include <cstring>
#include <string>
#include <vector>

#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/tensor_kernels.h"

namespace oar::kernels::cpu {

namespace {

template <bool kStack>
class ConcatKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const ir::AxisAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    const Shape& out = ctx.output(0).shape();
    int ax = 0;
    if (!NormalizeAxis(a->axis, out.rank(), &ax)) {
      return InvalidArgument("cpu kernel: " + ctx.Where() + "axis " + std::to_string(a->axis) +
                             " out of range for output " + ctx.output(0).Describe());
    }
    const int64_t elem = static_cast<int64_t>(DTypeSize(ctx.output(0).dtype()));
    outer_ = 1;
    int64_t inner = 1;
    for (int d = 0; d < ax; ++d) outer_ *= out[d];
    for (int d = ax + 1; d < out.rank(); ++d) inner *= out[d];
    const size_t n = ctx.inputs.size();
    chunk_bytes_.resize(n);
    row_bytes_ = 0;
    for (size_t i = 0; i < n; ++i) {
      const Tensor& x = *ctx.inputs[i];
      if (x.dtype() != ctx.output(0).dtype()) {
        return Internal("cpu kernel: " + ctx.Where() + "input #" + std::to_string(i) + " " + x.Describe() +
                        " has another dtype than output " + ctx.output(0).Describe());
      }
      const int64_t extent = kStack ? 1 : x.shape()[ax];
      chunk_bytes_[i] = extent * inner * elem;
      row_bytes_ += chunk_bytes_[i];
    }
    if (row_bytes_ * outer_ != static_cast<int64_t>(ctx.output(0).nbytes())) {
      return Internal("cpu kernel: " + ctx.Where() + "inputs do not fill output " + ctx.output(0).Describe());
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    char* y = static_cast<char*>(ctx.output(0).raw_data());
    const size_t n = ctx.inputs.size();
    if (row_bytes_ == 0 || outer_ == 0) return Status::OK();
    const int64_t grain = std::max<int64_t>(1, kCopyGrainBytes / row_bytes_);
    ParallelFor(
        ctx.num_threads, outer_, grain,
        [&](int64_t begin, int64_t end) {
          for (int64_t o = begin; o < end; ++o) {
            char* dst = y + o * row_bytes_;
            for (size_t i = 0; i < n; ++i) {
              const int64_t c = chunk_bytes_[i];
              if (c)
                std::memcpy(dst, static_cast<const char*>(ctx.inputs[i]->raw_data()) + o * c, static_cast<size_t>(c));
              dst += c;
            }
          }
        },
        1);
    return Status::OK();
  }

 private:
  int64_t outer_ = 1, row_bytes_ = 0;
  std::vector<int64_t> chunk_bytes_;  // per input, bytes per outer index
};

}  // namespace

void RegisterConcatKernels(runtime::KernelRegistry& registry) {
  RegisterRef<ConcatKernel<false>>(registry, ir::OpKind::kConcat, DType::kUndefined);
  RegisterRef<ConcatKernel<true>>(registry, ir::OpKind::kStack, DType::kUndefined);
}

}  // namespace oar::kernels::cpu
