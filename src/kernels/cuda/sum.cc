// CUDA kernel of Sum (sum.h): f32, f16, i32, i64 inputs of one dtype. Inputs of the output's shape
// are summed kMaxSumInputsPerPass at a time; otherwise y = x0 + x1 and y += xi follow the numpy
// broadcast of each input through the binary Add kernels.
#include "kernels/cuda/sum.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "kernels/cuda/binary.h"
#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

namespace {

class SumKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const int n = static_cast<int>(ctx.inputs.size());
    const Shape& out = ctx.output(0).shape();
    dtype_ = ctx.input(0).dtype();
    if (ctx.output(0).dtype() != dtype_) {
      return Internal("cuda kernels: " + ctx.Where() + "output " + ctx.output(0).Describe() + ": expected dtype " +
                      DTypeName(dtype_) + " (input #0's)");
    }
    same_shape_ = true;
    for (int i = 0; i < n; ++i) {
      if (!ctx.has_input(i) || ctx.input(i).dtype() != dtype_) {
        return Internal("cuda kernels: " + ctx.Where() + "input #" + std::to_string(i) + ": expected a " +
                        DTypeName(dtype_) + " tensor, got " + (ctx.has_input(i) ? ctx.input(i).Describe() : "none"));
      }
      same_shape_ = same_shape_ && ctx.input(i).shape() == out;
    }
    if (n == 1 && !same_shape_) {
      return Internal("cuda kernels: " + ctx.Where() + "one input " + ctx.input(0).Describe() + " for output " +
                      ctx.output(0).Describe());
    }
    geometries_.assign(static_cast<size_t>(n), BinaryGeometry{});
    if (same_shape_ || n == 1) return Status::OK();
    const std::string where = "cuda kernels: " + ctx.Where();
    OAR_RETURN_IF_ERROR(MakeBinaryGeometry(ctx.input(0).shape(), ctx.input(1).shape(), out, where, &geometries_[1]));
    for (int i = 2; i < n; ++i) {
      BinaryGeometry* g = &geometries_[static_cast<size_t>(i)];
      OAR_RETURN_IF_ERROR(MakeBinaryGeometry(out, ctx.input(i).shape(), out, where, g));
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    const int n = static_cast<int>(ctx.inputs.size());
    Tensor& out = ctx.output(0);
    if (same_shape_) {
      const void* ptrs[kMaxSumInputsPerPass];
      for (int start = 0; start < n; start += kMaxSumInputsPerPass) {
        const int count = std::min(kMaxSumInputsPerPass, n - start);
        for (int j = 0; j < count; ++j) ptrs[j] = ctx.input(start + j).raw_data();
        OAR_RETURN_IF_ERROR(LaunchSumSameShape(cctx->stream(), dtype_, ptrs, count, start > 0, out.raw_data(),
                                               out.numel(), ctx.Where()));
      }
      return Status::OK();
    }
    OAR_RETURN_IF_ERROR(LaunchBinary(cctx->stream(), dtype_, BinaryOp::kAdd, geometries_[1], ctx.input(0).raw_data(),
                                     ctx.input(1).raw_data(), out.raw_data(), ctx.Where()));
    for (int i = 2; i < n; ++i) {
      OAR_RETURN_IF_ERROR(LaunchBinary(cctx->stream(), dtype_, BinaryOp::kAdd, geometries_[static_cast<size_t>(i)],
                                       out.raw_data(), ctx.input(i).raw_data(), out.raw_data(), ctx.Where()));
    }
    return Status::OK();
  }

 private:
  DType dtype_ = DType::kUndefined;
  bool same_shape_ = true;
  std::vector<BinaryGeometry> geometries_;  // [i]: the pass adding input i (i >= 1) when shapes differ
};

std::unique_ptr<runtime::Kernel> MakeSum() { return std::make_unique<SumKernel>(); }

bool AcceptsSum(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  (void)node;
  if (input_dtypes.empty()) return false;
  const DType t = input_dtypes[0];
  if (!IsCudaFloat(t) && t != DType::kInt32 && t != DType::kInt64) return false;
  for (DType d : input_dtypes) {
    if (d != t) return false;
  }
  return true;
}

}  // namespace

void RegisterSumKernels(runtime::KernelRegistry& registry) {
  for (DType t : {DType::kFloat32, DType::kFloat16, DType::kInt32, DType::kInt64}) {
    RegisterCudaKernel(registry, ir::OpKind::kSum, t, "cuda", &MakeSum, &AcceptsSum);
  }
}

}  // namespace oar::kernels::cuda
