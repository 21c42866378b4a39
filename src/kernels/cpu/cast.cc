// Cast between every pair of dtypes (convert.h gives the element rules). Same dtype copies bytes.
#include <cstring>

#include "kernels/cpu/convert.h"
#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/tensor_kernels.h"

namespace oar::kernels::cpu {

namespace {

constexpr int64_t kGrain = 64 * 1024;  // elements per thread

class CastKernel final : public runtime::Kernel {
 public:
  Status Run(const runtime::KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    Tensor& y = ctx.output(0);
    const int64_t n = x.numel();
    if (n != y.numel()) {
      return Internal("cpu kernel: " + ctx.Where() + "input " + x.Describe() + " and output " + y.Describe() +
                      " differ in size");
    }
    if (n == 0) return Status::OK();
    if (x.dtype() == y.dtype()) {
      if (x.raw_data() != y.raw_data()) std::memcpy(y.raw_data(), x.raw_data(), x.nbytes());
      return Status::OK();
    }
    bool ok = false;
    DispatchStorageType(x.dtype(), [&](auto src_tag) {
      using S = decltype(src_tag);
      ok = DispatchStorageType(y.dtype(), [&](auto dst_tag) {
        using D = decltype(dst_tag);
        const S* src = static_cast<const S*>(x.raw_data());
        D* dst = static_cast<D*>(y.raw_data());
        ParallelFor(ctx.num_threads, n, kGrain, [&](int64_t begin, int64_t end) {
          for (int64_t i = begin; i < end; ++i) dst[i] = ConvertElem<S, D>(src[i]);
        });
      });
    });
    if (!ok) {
      return Unsupported("cpu kernel: " + ctx.Where() + "cannot cast " + x.Describe() + " to " + y.Describe());
    }
    return Status::OK();
  }
};

}  // namespace

void RegisterCastKernels(runtime::KernelRegistry& registry) {
  RegisterRef<CastKernel>(registry, ir::OpKind::kCast, DType::kUndefined);
}

}  // namespace oar::kernels::cpu
