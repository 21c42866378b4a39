// The registered CUDA Pad kernel (f32/f16): pads resolved per dim in Prepare, one launch per Run.
#include "kernels/cuda/pad.h"

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

namespace {

class PadCudaKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const auto& a = ctx.attr<ir::PadAttrs>();
    const Tensor& x = ctx.input(0);
    const Tensor& y = ctx.output(0);
    const int rank = x.shape().rank();
    if (rank > kMaxPadRank) {
      return Unsupported("cuda pad: " + ctx.Where() + "input " + x.Describe() + " has rank above " +
                         std::to_string(kMaxPadRank));
    }
    if (a.pads.size() != static_cast<size_t>(2 * rank) || y.shape().rank() != rank || y.dtype() != x.dtype()) {
      return Internal("cuda pad: " + ctx.Where() + "output " + y.Describe() + " does not match input " + x.Describe() +
                      " with " + std::to_string(a.pads.size()) + " pads");
    }
    geo_ = PadGeometry{};
    geo_.rank = rank;
    geo_.type = a.type;
    geo_.value = a.value;
    for (int d = 0; d < rank; ++d) {
      geo_.in_dims[d] = x.shape()[d];
      geo_.out_dims[d] = y.shape()[d];
      geo_.begin[d] = a.pads[static_cast<size_t>(d)];
      if (geo_.out_dims[d] !=
          geo_.in_dims[d] + a.pads[static_cast<size_t>(d)] + a.pads[static_cast<size_t>(d + rank)]) {
        return Internal("cuda pad: " + ctx.Where() + "output " + y.Describe() + " does not match input " +
                        x.Describe() + " padded on dim " + std::to_string(d));
      }
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    return LaunchPad(cctx->stream(), ctx.input(0).dtype(), ctx.input(0).raw_data(), ctx.output(0).raw_data(), geo_,
                     ctx.Where());
  }

 private:
  PadGeometry geo_;
};

std::unique_ptr<runtime::Kernel> MakePadKernel() { return std::make_unique<PadCudaKernel>(); }

bool AcceptsPad(const ir::Node& node, const std::vector<DType>& dtypes) {
  const auto* a = std::get_if<ir::PadAttrs>(&node.attrs);
  return a && a->pads.size() <= static_cast<size_t>(2 * kMaxPadRank);
}

}  // namespace

void RegisterPadKernels(runtime::KernelRegistry& registry) {
  RegisterCudaFloatKernel(registry, ir::OpKind::kPad, "cuda", &MakePadKernel, &AcceptsPad);
}

}  // namespace oar::kernels::cuda
