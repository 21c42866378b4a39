// CUDA kernel of BatchNorm (batch_norm.h), inference form, f32 and f16 with statistics of x's dtype.
#include "kernels/cuda/batch_norm.h"

#include <memory>

#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

namespace {

class BatchNormKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(const ir::BatchNormAttrs* a, CudaAttrs<ir::BatchNormAttrs>(ctx));
    epsilon_ = a->epsilon;
    const Tensor& x = ctx.input(0);
    const Shape& s = x.shape();
    if (s.rank() < 2) {
      return Internal("cuda kernels: " + ctx.Where() + "input #0: expected rank >= 2 ([N,C,...]), got " +
                      x.Describe());
    }
    OAR_RETURN_IF_ERROR(CheckOutputLike(ctx, x.dtype()));
    static const char* const kNames[] = {"", "scale", "bias", "mean", "variance"};
    for (int i = 1; i <= 4; ++i) {
      if (!ctx.has_input(i) || ctx.input(i).dtype() != x.dtype() || ctx.input(i).numel() != s[1]) {
        return Internal("cuda kernels: " + ctx.Where() + "input #" + std::to_string(i) + " (" + kNames[i] +
                        "): expected " + DTypeName(x.dtype()) + "[" + std::to_string(s[1]) + "], got " +
                        (ctx.has_input(i) ? ctx.input(i).Describe() : "none"));
      }
    }
    outer_ = s[0];
    channels_ = s[1];
    inner_ = 1;
    for (int d = 2; d < s.rank(); ++d) inner_ *= s[d];
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    return LaunchBatchNorm(cctx->stream(), ctx.input(0).dtype(), ctx.input(0).raw_data(), ctx.input(1).raw_data(),
                           ctx.input(2).raw_data(), ctx.input(3).raw_data(), ctx.input(4).raw_data(),
                           epsilon_, ctx.output(0).raw_data(), outer_, channels_,
                           inner_, ctx.Where());
  }

 private:
  float epsilon_ = 0.0f;
  int64_t outer_ = 0, channels_ = 0, inner_ = 1;
};

std::unique_ptr<runtime::Kernel> MakeBatchNorm() { return std::make_unique<BatchNormKernel>(); }

}  // namespace

void RegisterBatchNormKernels(runtime::KernelRegistry& registry) {
  RegisterCudaFloatKernel(registry, ir::OpKind::kBatchNorm, "cuda", &MakeBatchNorm, &AcceptsFloatInputs);
}

}  // namespace oar::kernels::cuda
