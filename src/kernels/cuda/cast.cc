// CUDA kernel of Cast (cast.h): any defined input dtype to any defined `to`.
#include "kernels/cuda/cast.h"

#include <memory>

#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

namespace {

class CastKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(const ir::CastAttrs* a, CudaAttrs<ir::CastAttrs>(ctx));
    return CheckOutputLike(ctx, a->to);
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    const Tensor& x = ctx.input(0);
    Tensor& y = ctx.output(0);
    return LaunchCast(cctx->stream(), x.dtype(), y.dtype(), x.raw_data(), y.raw_data(), x.numel(), ctx.Where());
  }
};

std::unique_ptr<runtime::Kernel> MakeCast() { return std::make_unique<CastKernel>(); }

bool AcceptsCast(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  const auto* a = std::get_if<ir::CastAttrs>(&node.attrs);
  return a && !input_dtypes.empty() && IsCudaCastDType(input_dtypes[0]) && IsCudaCastDType(a->to);
}

}  // namespace

void RegisterCastKernels(runtime::KernelRegistry& registry) {
  RegisterCudaPointwiseKernel(registry, ir::OpKind::kCast, DType::kUndefined, "cuda", &MakeCast, &AcceptsCast);
}

}  // namespace oar::kernels::cuda
