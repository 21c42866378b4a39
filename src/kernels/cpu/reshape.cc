// Reshape, Flatten, Squeeze, Unsqueeze and Identity: the output holds the input's bytes in the
// same order, so the kernel is one memcpy (skipped when the executor aliases output and input).
// Any dtype.
#include <cstring>

#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/tensor_kernels.h"

namespace oar::kernels::cpu {

namespace {

class CopyKernel final : public runtime::Kernel {
 public:
  Status Run(const runtime::KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    Tensor& y = ctx.output(0);
    if (x.nbytes() != y.nbytes() || x.dtype() != y.dtype()) {
      return Internal("cpu kernel: " + ctx.Where() + "input " + x.Describe() + " and output " + y.Describe() +
                      " differ in size");
    }
    if (x.nbytes() == 0 || x.raw_data() == y.raw_data()) return Status::OK();
    char* dst = static_cast<char*>(y.raw_data());
    const char* src = static_cast<const char*>(x.raw_data());
    ParallelFor(
        ctx.num_threads, static_cast<int64_t>(x.nbytes()), kCopyGrainBytes,
        [&](int64_t begin, int64_t end) { std::memcpy(dst + begin, src + begin, static_cast<size_t>(end - begin)); },
        64);
    return Status::OK();
  }
};

}  // namespace

void RegisterReshapeKernels(runtime::KernelRegistry& registry) {
  for (ir::OpKind kind : {ir::OpKind::kReshape, ir::OpKind::kFlatten, ir::OpKind::kSqueeze, ir::OpKind::kUnsqueeze,
                          ir::OpKind::kIdentity}) {
    RegisterRef<CopyKernel>(registry, kind, DType::kUndefined);
  }
}

}  // namespace oar::kernels::cpu
