// CUDA Concat and Stack of any dtype (bytes are moved, so every element size works). The output
// is [outer, sum of per-input chunks]; input i contributes (its extent along the axis, 1 for
// Stack) * inner elements per outer index. One launch moves every input (LaunchChunkCopy).
#include "kernels/cuda/concat.h"

#include <memory>
#include <string>
#include <vector>

#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

namespace {

template <bool kStack>
class ConcatCudaKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const char* op = kStack ? "cuda stack: " : "cuda concat: ";
    const Tensor& y = ctx.output(0);
    const Shape& out = y.shape();
    const int64_t axis = ctx.attr<ir::AxisAttrs>().axis;
    int ax = 0;
    if (!NormalizeAxis(axis, out.rank(), &ax)) {
      return InvalidArgument(op + ctx.Where() + "axis " + std::to_string(axis) + " out of range for output " +
                             y.Describe());
    }
    const int64_t elem = static_cast<int64_t>(DTypeSize(y.dtype()));
    outer_ = 1;
    int64_t inner = 1;
    for (int d = 0; d < ax; ++d) outer_ *= out[d];
    for (int d = ax + 1; d < out.rank(); ++d) inner *= out[d];
    pieces_.assign(ctx.inputs.size(), ChunkPiece{});
    row_bytes_ = 0;
    for (size_t i = 0; i < ctx.inputs.size(); ++i) {
      const Tensor* x = ctx.inputs[i];
      if (!x) return InvalidArgument(op + ctx.Where() + "input #" + std::to_string(i) + " is absent");
      const int expected_rank = kStack ? out.rank() - 1 : out.rank();
      if (x->dtype() != y.dtype() || x->shape().rank() != expected_rank) {
        return Internal(op + ctx.Where() + "input #" + std::to_string(i) + " " + x->Describe() +
                        " does not match output " + y.Describe());
      }
      const int64_t extent = kStack ? 1 : x->shape()[ax];
      pieces_[i].chunk_bytes = extent * inner * elem;
      pieces_[i].offset_bytes = row_bytes_;
      row_bytes_ += pieces_[i].chunk_bytes;
      if (pieces_[i].chunk_bytes * outer_ != static_cast<int64_t>(x->nbytes())) {
        return Internal(op + ctx.Where() + "input #" + std::to_string(i) + " " + x->Describe() +
                        " does not match output " + y.Describe() + " outside axis " + std::to_string(ax));
      }
    }
    if (row_bytes_ * outer_ != static_cast<int64_t>(y.nbytes())) {
      return Internal(op + ctx.Where() + "inputs do not fill output " + y.Describe());
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    for (size_t i = 0; i < pieces_.size(); ++i) pieces_[i].data = const_cast<void*>(ctx.inputs[i]->raw_data());
    return LaunchChunkCopy(cctx->stream(), ctx.output(0).raw_data(), outer_, row_bytes_, pieces_, /*gather=*/true,
                           ctx.Where());
  }

 private:
  int64_t outer_ = 1, row_bytes_ = 0;
  std::vector<ChunkPiece> pieces_;  // per input
};

template <bool kStack>
std::unique_ptr<runtime::Kernel> MakeConcatKernel() {
  return std::make_unique<ConcatCudaKernel<kStack>>();
}

}  // namespace

void RegisterConcatKernels(runtime::KernelRegistry& registry) {
  RegisterCudaKernel(registry, ir::OpKind::kConcat, DType::kUndefined, "cuda", &MakeConcatKernel<false>);
  RegisterCudaKernel(registry, ir::OpKind::kStack, DType::kUndefined, "cuda", &MakeConcatKernel<true>);
}

}  // namespace oar::kernels::cuda
