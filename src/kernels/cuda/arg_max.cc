// CUDA kernel of ArgMax (arg_max.h): f32, f16, i32, i64 inputs; i64 or i32 indices (out_dtype).
#include "kernels/cuda/arg_max.h"

#include <memory>

#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

namespace {

class ArgMaxKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(const ir::ArgMaxAttrs* a, CudaAttrs<ir::ArgMaxAttrs>(ctx));
    const Tensor& x = ctx.input(0);
    const Shape& in = x.shape();
    const std::string where = "cuda kernels: " + ctx.Where();
    if (x.numel() == 0) return InvalidArgument(where + "input #0 " + x.Describe() + ": expected a non-empty tensor");
    if (ctx.output(0).dtype() != a->out_dtype) {
      return Internal(where + "output " + ctx.output(0).Describe() + ": expected dtype " + DTypeName(a->out_dtype) +
                      " (attribute out_dtype)");
    }
    outer_ = inner_ = 1;
    if (a->flatten) {
      reduce_ = x.numel();
    } else {
      int ax = 0;
      if (!NormalizeAxis(a->axis, in.rank(), &ax)) {
        return InvalidArgument(where + "axis " + std::to_string(a->axis) + " out of range for input #0 " +
                               x.Describe());
      }
      for (int d = 0; d < ax; ++d) outer_ *= in[d];
      for (int d = ax + 1; d < in.rank(); ++d) inner_ *= in[d];
      reduce_ = in[ax];
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    return LaunchArgMax(cctx->stream(), ctx.input(0).dtype(), ctx.output(0).dtype(), ctx.input(0).raw_data(),
                        ctx.output(0).raw_data(), outer_, reduce_, inner_, ctx.Where());
  }

 private:
  int64_t outer_ = 1, reduce_ = 1, inner_ = 1;
};

std::unique_ptr<runtime::Kernel> MakeArgMax() { return std::make_unique<ArgMaxKernel>(); }

bool AcceptsArgMax(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  const auto* a = std::get_if<ir::ArgMaxAttrs>(&node.attrs);
  if (!a || input_dtypes.empty()) return false;
  const DType t = input_dtypes[0];
  const bool input_ok = IsCudaFloat(t) || t == DType::kInt32 || t == DType::kInt64;
  return input_ok && (a->out_dtype == DType::kInt32 || a->out_dtype == DType::kInt64);
}

}  // namespace

void RegisterArgMaxKernels(runtime::KernelRegistry& registry) {
  for (DType t : {DType::kFloat32, DType::kFloat16, DType::kInt32, DType::kInt64}) {
    RegisterCudaKernel(registry, ir::OpKind::kArgMax, t, "cuda", &MakeArgMax, &AcceptsArgMax);
  }
}

}  // namespace oar::kernels::cuda
