// CUDA Split of any dtype. The input is [outer, sum of per-output chunks]; output i takes its
// chunk of (its extent along the axis) * inner elements per outer index. One launch fills every
// output (LaunchChunkCopy, scatter direction).
#include "kernels/cuda/split.h"

#include <memory>
#include <string>
#include <vector>

#include "kernels/cuda/concat.h"
#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

namespace {

class SplitCudaKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    const Shape& in = x.shape();
    const int64_t axis = ctx.attr<ir::SplitAttrs>().axis;
    int ax = 0;
    if (!NormalizeAxis(axis, in.rank(), &ax)) {
      return InvalidArgument("cuda split: " + ctx.Where() + "axis " + std::to_string(axis) +
                             " out of range for input " + x.Describe());
    }
    const int64_t elem = static_cast<int64_t>(DTypeSize(x.dtype()));
    outer_ = 1;
    int64_t inner = 1;
    for (int d = 0; d < ax; ++d) outer_ *= in[d];
    for (int d = ax + 1; d < in.rank(); ++d) inner *= in[d];
    pieces_.assign(ctx.outputs.size(), ChunkPiece{});
    row_bytes_ = 0;
    for (size_t i = 0; i < ctx.outputs.size(); ++i) {
      const Tensor& y = *ctx.outputs[i];
      bool same = y.dtype() == x.dtype() && y.shape().rank() == in.rank();
      for (int d = 0; same && d < in.rank(); ++d) same = d == ax || y.shape()[d] == in[d];
      if (!same) {
        return Internal("cuda split: " + ctx.Where() + "output #" + std::to_string(i) + " " + y.Describe() +
                        " does not match input " + x.Describe() + " outside axis " + std::to_string(ax));
      }
      pieces_[i].chunk_bytes = y.shape()[ax] * inner * elem;
      pieces_[i].offset_bytes = row_bytes_;
      row_bytes_ += pieces_[i].chunk_bytes;
    }
    if (row_bytes_ * outer_ != static_cast<int64_t>(x.nbytes())) {
      return Internal("cuda split: " + ctx.Where() + "outputs do not cover input " + x.Describe());
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    for (size_t i = 0; i < pieces_.size(); ++i) pieces_[i].data = ctx.outputs[i]->raw_data();
    return LaunchChunkCopy(cctx->stream(), const_cast<void*>(ctx.input(0).raw_data()), outer_, row_bytes_, pieces_,
                           /*gather=*/false, ctx.Where());
  }

 private:
  int64_t outer_ = 1, row_bytes_ = 0;
  std::vector<ChunkPiece> pieces_;  // per output
};

std::unique_ptr<runtime::Kernel> MakeSplitKernel() { return std::make_unique<SplitCudaKernel>(); }

}  // namespace

void RegisterSplitKernels(runtime::KernelRegistry& registry) {
  RegisterCudaKernel(registry, ir::OpKind::kSplit, DType::kUndefined, "cuda", &MakeSplitKernel);
}

}  // namespace oar::kernels::cuda
