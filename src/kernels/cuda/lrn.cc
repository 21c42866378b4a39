// CUDA kernel of LRN (lrn.h) on 4-D NCHW tensors, f32 and f16.
#include "kernels/cuda/lrn.h"

#include <memory>

#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

namespace {

class LrnKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(const ir::LrnAttrs* a, CudaAttrs<ir::LrnAttrs>(ctx));
    attrs_ = *a;
    const Tensor& x = ctx.input(0);
    if (x.shape().rank() != 4) {
      return Internal("cuda kernels: " + ctx.Where() + "input #0: expected rank 4 ([N,C,H,W]), got " + x.Describe());
    }
    if (attrs_.size < 1) {
      return InvalidArgument("cuda kernels: " + ctx.Where() + "attribute 'size': expected >= 1, got " +
                             std::to_string(attrs_.size));
    }
    return CheckOutputLike(ctx, x.dtype());
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    const Shape& s = ctx.input(0).shape();
    return LaunchLrn(cctx->stream(), ctx.input(0).dtype(), ctx.input(0).raw_data(), ctx.output(0).raw_data(), s[0],
                     s[1], s[2] * s[3], attrs_.size, attrs_.alpha, attrs_.beta, attrs_.k, ctx.Where());
  }

 private:
  ir::LrnAttrs attrs_;
};

std::unique_ptr<runtime::Kernel> MakeLrn() { return std::make_unique<LrnKernel>(); }

}  // namespace

void RegisterLrnKernels(runtime::KernelRegistry& registry) {
  RegisterCudaFloatKernel(registry, ir::OpKind::kLrn, "cuda", &MakeLrn, &AcceptsFloatInputs);
}

}  // namespace oar::kernels::cuda
