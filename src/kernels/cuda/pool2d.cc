// The registered CUDA Pool2d kernel (NCHW, or NHWC when an engine sets channels_last; f32/f16): geometry resolved in Prepare, one launch of
// LaunchPool2d per Run. Every Pool2dAttrs combination is supported, so there is no accepts filter.
#include "kernels/cuda/pool2d.h"

#include <memory>

#include "ir/schemas/nn_shape_util.h"
#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

Pool2dGeometry MakePool2dGeometry(const ir::Pool2dAttrs& attrs, const Shape& x) {
  Pool2dGeometry g;
  g.n = x[0];
  g.c = x[1];
  g.h = x[2];
  g.w = x[3];
  const ir::Window2d win = ir::ResolvePool2d(attrs, g.h, g.w);
  g.oh = win.out[0];
  g.ow = win.out[1];
  for (int i = 0; i < 2; ++i) {
    g.kernel[i] = win.kernel[i];
    g.strides[i] = win.strides[i];
  }
  for (int i = 0; i < 4; ++i) g.pads[i] = win.pads[i];
  g.type = attrs.type;
  g.adaptive = attrs.adaptive && !attrs.global;
  // The reference divides by the clipped window size for adaptive and global pooling whatever
  // `exclusive` says (for global pooling both counts are H*W anyway).
  g.exclusive = attrs.exclusive || attrs.adaptive || attrs.global;
  return g;
}

namespace {

class Pool2dCudaKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    const Tensor& y = ctx.output(0);
    if (x.shape().rank() != 4) {
      return InvalidArgument("cuda pool2d: " + ctx.Where() + "input #0: expected rank 4 [N,C,H,W], got " +
                             x.Describe());
    }
    if (!IsCudaFloat(x.dtype()) || y.dtype() != x.dtype()) {
      return InvalidArgument("cuda pool2d: " + ctx.Where() + "expected f32 or f16 input and output of one dtype, got " +
                             x.Describe() + " -> " + y.Describe());
    }
    geo_ = MakePool2dGeometry(ctx.attr<ir::Pool2dAttrs>(), x.shape());
    channels_last_ = ctx.channels_last;
    const Shape expected{geo_.n, geo_.c, geo_.oh, geo_.ow};
    if (y.shape() != expected) {
      return Internal("cuda pool2d: " + ctx.Where() + "output " + y.Describe() + " does not match input " +
                      x.Describe() + " (expected " + expected.ToString() + ")");
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    return LaunchPool2d(cctx->stream(), ctx.input(0).dtype(), ctx.input(0).raw_data(), ctx.output(0).raw_data(), geo_,
                        channels_last_, ctx.Where());
  }

 private:
  Pool2dGeometry geo_;
  bool channels_last_ = false;  // set by an engine that keeps NHWC activations
};

std::unique_ptr<runtime::Kernel> MakePool2dKernel() { return std::make_unique<Pool2dCudaKernel>(); }

}  // namespace

void RegisterPool2dKernels(runtime::KernelRegistry& registry) {
  RegisterCudaFloatKernel(registry, ir::OpKind::kPool2d, "cuda", &MakePool2dKernel, nullptr, 10,
                          runtime::KernelDef::Layout::kChannelsLast);
}

}  // namespace oar::kernels::cuda
