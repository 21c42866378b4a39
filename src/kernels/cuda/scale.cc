// CUDA kernel of Scale (scale.h) for f32, f16, i32 and i64 tensors. A ScaleTensor input is
// supported (read on the device) when its dtype is f32, f16, f64, i32 or i64; other dtypes are
// refused in `accepts` so that the node runs on the CPU kernel.
#include "kernels/cuda/scale.h"

#include <memory>

#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

namespace {

class ScaleKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(const ir::ScaleAttrs* a, CudaAttrs<ir::ScaleAttrs>(ctx));
    attrs_ = *a;
    OAR_RETURN_IF_ERROR(CheckOutputLike(ctx, ctx.input(0).dtype()));
    if (ctx.has_input(1) && ctx.input(1).numel() != 1) {
      return InvalidArgument("cuda kernels: " + ctx.Where() + "input #1 (ScaleTensor): expected 1 element, got " +
                             ctx.input(1).Describe());
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    const bool has_tensor = ctx.has_input(1);
    return LaunchScale(cctx->stream(), ctx.input(0).dtype(), ctx.input(0).raw_data(), ctx.output(0).raw_data(),
                       ctx.input(0).numel(), attrs_.scale, attrs_.bias, attrs_.bias_after_scale,
                       has_tensor ? ctx.input(1).raw_data() : nullptr,
                       has_tensor ? ctx.input(1).dtype() : DType::kUndefined, ctx.Where());
  }

 private:
  ir::ScaleAttrs attrs_;
};

std::unique_ptr<runtime::Kernel> MakeScale() { return std::make_unique<ScaleKernel>(); }

bool AcceptsScale(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  (void)node;
  if (input_dtypes.empty()) return false;
  const DType t = input_dtypes[0];
  if (!IsCudaFloat(t) && t != DType::kInt32 && t != DType::kInt64) return false;
  return input_dtypes.size() < 2 || input_dtypes[1] == DType::kUndefined || IsCudaScaleTensorDType(input_dtypes[1]);
}

}  // namespace

void RegisterScaleKernels(runtime::KernelRegistry& registry) {
  for (DType t : {DType::kFloat32, DType::kFloat16, DType::kInt32, DType::kInt64}) {
    RegisterCudaPointwiseKernel(registry, ir::OpKind::kScale, t, "cuda", &MakeScale, &AcceptsScale);
  }
}

}  // namespace oar::kernels::cuda
