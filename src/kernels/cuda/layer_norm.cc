// CUDA kernel of LayerNorm (layer_norm.h), f32 and f16 with optional scale and bias.
#include "kernels/cuda/layer_norm.h"

#include <memory>

#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

namespace {

class LayerNormKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(const ir::LayerNormAttrs* a, CudaAttrs<ir::LayerNormAttrs>(ctx));
    epsilon_ = a->epsilon;
    const Tensor& x = ctx.input(0);
    OAR_RETURN_IF_ERROR(CheckOutputLike(ctx, x.dtype()));
    int axis = 0;
    if (!NormalizeAxis(a->begin_norm_axis, x.shape().rank(), &axis)) {
      return InvalidArgument("cuda kernels: " + ctx.Where() + "input #0 " + x.Describe() + ": begin_norm_axis " +
                             std::to_string(a->begin_norm_axis) + " out of range");
    }
    rows_ = cols_ = 1;
    for (int d = 0; d < x.shape().rank(); ++d) (d < axis ? rows_ : cols_) *= x.shape()[d];
    for (int i = 1; i <= 2; ++i) {
      if (!ctx.has_input(i)) continue;
      if (ctx.input(i).dtype() != x.dtype() || ctx.input(i).numel() != cols_) {
        return Internal("cuda kernels: " + ctx.Where() + "input #" + std::to_string(i) + " (" +
                        (i == 1 ? "scale" : "bias") + "): expected " + DTypeName(x.dtype()) + " with " +
                        std::to_string(cols_) + " elements, got " + ctx.input(i).Describe());
      }
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    return LaunchLayerNorm(cctx->stream(), ctx.input(0).dtype(), ctx.input(0).raw_data(),
                           ctx.has_input(1) ? ctx.input(1).raw_data() : nullptr,
                           ctx.has_input(2) ? ctx.input(2).raw_data() : nullptr, epsilon_, ctx.output(0).raw_data(),
                           rows_, cols_, ctx.Where());
  }

 private:
  float epsilon_ = 0.0f;
  int64_t rows_ = 0, cols_ = 0;
};

std::unique_ptr<runtime::Kernel> MakeLayerNorm() { return std::make_unique<LayerNormKernel>(); }

}  // namespace

void RegisterLayerNormKernels(runtime::KernelRegistry& registry) {
  RegisterCudaFloatKernel(registry, ir::OpKind::kLayerNorm, "cuda", &MakeLayerNorm, &AcceptsFloatInputs);
}

}  // namespace oar::kernels::cuda
