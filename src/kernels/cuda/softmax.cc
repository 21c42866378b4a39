// CUDA kernel of Softmax (softmax.h) along any axis, f32 and f16.
#include "kernels/cuda/softmax.h"

#include <memory>

#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

namespace {

class SoftmaxKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(const ir::SoftmaxAttrs* a, CudaAttrs<ir::SoftmaxAttrs>(ctx));
    const Shape& s = ctx.input(0).shape();
    OAR_RETURN_IF_ERROR(CheckOutputLike(ctx, ctx.input(0).dtype()));
    int axis = 0;
    if (!NormalizeAxis(a->axis, s.rank(), &axis)) {
      return InvalidArgument("cuda kernels: " + ctx.Where() + "input #0 " + ctx.input(0).Describe() + ": axis " +
                             std::to_string(a->axis) + " out of range");
    }
    outer_ = inner_ = 1;
    for (int d = 0; d < axis; ++d) outer_ *= s[d];
    n_ = s[axis];
    for (int d = axis + 1; d < s.rank(); ++d) inner_ *= s[d];
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    return LaunchSoftmax(cctx->stream(), ctx.input(0).dtype(), ctx.input(0).raw_data(), ctx.output(0).raw_data(),
                         outer_, n_, inner_, ctx.Where());
  }

 private:
  int64_t outer_ = 1, n_ = 0, inner_ = 1;
};

std::unique_ptr<runtime::Kernel> MakeSoftmax() { return std::make_unique<SoftmaxKernel>(); }

}  // namespace

void RegisterSoftmaxKernels(runtime::KernelRegistry& registry) {
  RegisterCudaFloatKernel(registry, ir::OpKind::kSoftmax, "cuda", &MakeSoftmax, &AcceptsFloatInputs);
}

}  // namespace oar::kernels::cuda
