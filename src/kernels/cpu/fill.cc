// Fill: the output (dtype and shape from inference) set to `value` converted to the output dtype
// by the Cast rules (convert.h).
#include "kernels/cpu/convert.h"
#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/tensor_kernels.h"

namespace oar::kernels::cpu {

namespace {

constexpr int64_t kGrain = 256 * 1024;  // elements per thread

class FillKernel final : public runtime::Kernel {
 public:
  Status Run(const runtime::KernelContext& ctx) override {
    const ir::FillAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    Tensor& y = ctx.output(0);
    const int64_t n = y.numel();
    const bool ok = DispatchStorageType(y.dtype(), [&](auto tag) {
      using D = decltype(tag);
      const D v = ConvertElem<double, D>(a->value);
      D* dst = static_cast<D*>(y.raw_data());
      ParallelFor(ctx.num_threads, n, kGrain, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) dst[i] = v;
      });
    });
    if (!ok) return Unsupported("cpu kernel: " + ctx.Where() + "cannot fill " + y.Describe());
    return Status::OK();
  }
};

}  // namespace

void RegisterFillKernels(runtime::KernelRegistry& registry) {
  RegisterRef<FillKernel>(registry, ir::OpKind::kFill, DType::kUndefined);
}

}  // namespace oar::kernels::cpu
