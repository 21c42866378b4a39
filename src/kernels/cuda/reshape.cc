// Copy kernel of the shape-only ops (reshape.h).
#include "kernels/cuda/reshape.h"

#include <memory>

#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

namespace {

// Input #1 of Reshape (ShapeTensor) may stay on the host: only the data tensors are checked.
Status CheckDataOnDevice(const runtime::KernelContext& ctx) {
  if (!ctx.input(0).device().is_cuda() || !ctx.output(0).device().is_cuda()) {
    return Internal("cuda copy: " + ctx.Where() + "expected CUDA tensors, got input " + ctx.input(0).Describe() +
                    " on " + ctx.input(0).device().ToString() + " and output " + ctx.output(0).Describe() + " on " +
                    ctx.output(0).device().ToString());
  }
  return Status::OK();
}

class CopyCudaKernel final : public runtime::Kernel {
 public:
  Status Run(const runtime::KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    Tensor& y = ctx.output(0);
    if (x.nbytes() != y.nbytes() || x.dtype() != y.dtype()) {
      return Internal("cuda copy: " + ctx.Where() + "input " + x.Describe() + " and output " + y.Describe() +
                      " differ in dtype or size");
    }
    if (x.nbytes() == 0 || x.raw_data() == y.raw_data()) return Status::OK();
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckDataOnDevice(ctx));
    OAR_CUDA_RETURN_IF_ERROR(
        cudaMemcpyAsync(y.raw_data(), x.raw_data(), x.nbytes(), cudaMemcpyDeviceToDevice, cctx->stream()), ctx.Where());
    return Status::OK();
  }
};

std::unique_ptr<runtime::Kernel> MakeCopyKernel() { return std::make_unique<CopyCudaKernel>(); }

}  // namespace

void RegisterReshapeKernels(runtime::KernelRegistry& registry) {
  for (ir::OpKind kind : {ir::OpKind::kReshape, ir::OpKind::kFlatten, ir::OpKind::kSqueeze, ir::OpKind::kUnsqueeze,
                          ir::OpKind::kIdentity}) {
    RegisterCudaKernel(registry, kind, DType::kUndefined, "cuda", &MakeCopyKernel);
  }
}

}  // namespace oar::kernels::cuda
