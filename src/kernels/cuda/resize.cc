// The registered CUDA Resize kernel (NCHW, f32/f16): sizes and coordinate ratios resolved in
// Prepare (ir::ResizeScales / ir::ResizeRatio, as the CPU reference), one launch per Run.
#include "kernels/cuda/resize.h"

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "ir/schemas/nn_shape_util.h"
#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

namespace {

// OutSize (input #1) may stay on the host: only the data tensors are checked.
Status CheckDataOnDevice(const runtime::KernelContext& ctx) {
  if ((ctx.input(0).nbytes() && !ctx.input(0).device().is_cuda()) ||
      (ctx.output(0).nbytes() && !ctx.output(0).device().is_cuda())) {
    return Internal("cuda resize: " + ctx.Where() + "expected CUDA tensors, got input " + ctx.input(0).Describe() +
                    " on " + ctx.input(0).device().ToString() + " and output " + ctx.output(0).Describe() + " on " +
                    ctx.output(0).device().ToString());
  }
  return Status::OK();
}

class ResizeCudaKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const auto& a = ctx.attr<ir::ResizeAttrs>();
    const Tensor& x = ctx.input(0);
    const Tensor& y = ctx.output(0);
    if (x.shape().rank() != 4 || y.shape().rank() != 4 || y.dtype() != x.dtype() || y.shape()[0] != x.shape()[0] ||
        y.shape()[1] != x.shape()[1]) {
      return Internal("cuda resize: " + ctx.Where() + "output " + y.Describe() + " does not match input " +
                      x.Describe() + " (expected [N,C,H,W] in and out)");
    }
    if (ctx.has_input(2) && !a.align_corners) {
      return Unsupported("cuda resize: " + ctx.Where() + "input #2 (Scale) as a tensor is not supported");
    }
    geo_.planes = x.shape()[0] * x.shape()[1];
    geo_.ih = x.shape()[2];
    geo_.iw = x.shape()[3];
    geo_.oh = y.shape()[2];
    geo_.ow = y.shape()[3];
    float scale_h = -1.0f, scale_w = -1.0f;
    ir::ResizeScales(a, nullptr, &scale_h, &scale_w);
    geo_.ratio_h = ir::ResizeRatio(a.align_corners, geo_.ih, geo_.oh, scale_h);
    geo_.ratio_w = ir::ResizeRatio(a.align_corners, geo_.iw, geo_.ow, scale_w);
    geo_.mode = a.mode;
    geo_.align_corners = a.align_corners;
    geo_.align_mode = a.align_mode;
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckDataOnDevice(ctx));
    return LaunchResize(cctx->stream(), ctx.input(0).dtype(), ctx.input(0).raw_data(), ctx.output(0).raw_data(), geo_,
                        ctx.Where());
  }

 private:
  ResizeGeometry geo_;
};

std::unique_ptr<runtime::Kernel> MakeResizeKernel() { return std::make_unique<ResizeCudaKernel>(); }

// A Scale tensor sets the coordinate ratio (1/scale) unless align_corners: refused then, since
// its contents live on the device.
bool AcceptsResize(const ir::Node& node, const std::vector<DType>& dtypes) {
  const auto* a = std::get_if<ir::ResizeAttrs>(&node.attrs);
  if (!a || (a->mode != ir::ResizeMode::kNearest && a->mode != ir::ResizeMode::kBilinear)) return false;
  const bool has_scale = node.inputs.size() > 2 && node.inputs[2] != ir::kNoValue;
  return !has_scale || a->align_corners;
}

}  // namespace

void RegisterResizeKernels(runtime::KernelRegistry& registry) {
  RegisterCudaFloatKernel(registry, ir::OpKind::kResize, "cuda", &MakeResizeKernel, &AcceptsResize);
}

}  // namespace oar::kernels::cuda
