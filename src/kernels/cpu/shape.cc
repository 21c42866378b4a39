// Shape: the input's dims as an i64 vector (any input dtype; the data is not read).
#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/tensor_kernels.h"

namespace oar::kernels::cpu {

namespace {

class ShapeKernel final : public runtime::Kernel {
 public:
  Status Run(const runtime::KernelContext& ctx) override {
    const Shape& s = ctx.input(0).shape();
    Tensor& y = ctx.output(0);
    if (y.dtype() != DType::kInt64 || y.numel() != s.rank()) {
      return Internal("cpu kernel: " + ctx.Where() + "output " + y.Describe() + " cannot hold shape " + s.ToString());
    }
    int64_t* out = y.data<int64_t>();
    for (int d = 0; d < s.rank(); ++d) out[d] = s[d];
    return Status::OK();
  }
};

}  // namespace

void RegisterShapeKernels(runtime::KernelRegistry& registry) {
  RegisterRef<ShapeKernel>(registry, ir::OpKind::kShape, DType::kUndefined);
}

}  // namespace oar::kernels::cpu
