// CUDA Slice: per input dim the first index, count and step (ir::ResolveSliceAxis, as the schema
// and the CPU reference resolve them) give a strided copy y[i..] = x[sum first_d * stride_d +
// i_d * step_d * stride_d]. decrease_axes only drop dims of extent 1, so they do not change the
// data order. Everything is known from the attributes, so the copy is planned in Prepare.
#include "kernels/cuda/slice.h"

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "ir/schemas/tensor_schema_util.h"
#include "kernels/cuda/cuda_kernel_util.h"
#include "kernels/cuda/transpose.h"

namespace oar::kernels::cuda {

namespace {

class SliceCudaKernel final : public StridedCopyKernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const auto& a = ctx.attr<ir::SliceAttrs>();
    const Tensor& x = ctx.input(0);
    const Shape& in = x.shape();
    const int rank = in.rank();
    if (ctx.has_input(1) || ctx.has_input(2)) {
      return Unsupported("cuda slice: " + ctx.Where() + "Starts/Ends tensor inputs are not supported");
    }
    const size_t naxes = a.axes.size();
    if (a.starts.size() != naxes || a.ends.size() != naxes || (!a.steps.empty() && a.steps.size() != naxes)) {
      return InvalidArgument("cuda slice: " + ctx.Where() + "starts/ends/steps do not match attribute 'axes' " +
                             ir::IntListString(a.axes));
    }
    std::vector<int64_t> in_strides(static_cast<size_t>(rank), 1);
    for (int d = rank - 2; d >= 0; --d) in_strides[d] = in_strides[d + 1] * in[d + 1];
    std::vector<int64_t> count(in.dims()), strides(in_strides);
    int64_t offset = 0;
    for (size_t i = 0; i < naxes; ++i) {
      int ax = 0;
      const int64_t step = a.steps.empty() ? 1 : a.steps[i];
      if (!NormalizeAxis(a.axes[i], rank, &ax) || step == 0) {
        return InvalidArgument("cuda slice: " + ctx.Where() + "invalid axis " + std::to_string(a.axes[i]) +
                               " or step " + std::to_string(step) + " for input " + x.Describe());
      }
      int64_t first = 0;
      ir::ResolveSliceAxis(a.starts[i], a.ends[i], step, in[ax], &first, &count[ax]);
      offset += first * in_strides[ax];
      strides[ax] = step * in_strides[ax];
    }
    int64_t total = 1;
    for (int64_t c : count) total *= c;
    if (ctx.output(0).dtype() != x.dtype() || total != ctx.output(0).numel()) {
      return Internal("cuda slice: " + ctx.Where() + "slice of " + x.Describe() + " has " + std::to_string(total) +
                      " elements, output " + ctx.output(0).Describe());
    }
    OAR_ASSIGN_OR_RETURN(plan_, PlanStridedCopy(static_cast<int64_t>(DTypeSize(x.dtype())), count, strides,
                                                total ? offset : 0, "cuda slice: " + ctx.Where()));
    return Status::OK();
  }
};

std::unique_ptr<runtime::Kernel> MakeSliceKernel() { return std::make_unique<SliceCudaKernel>(); }

// Starts/Ends tensors would be device tensors here: refused, the CPU kernel reads them.
bool AcceptsSlice(const ir::Node& node, const std::vector<DType>& dtypes) {
  for (size_t i = 1; i < node.inputs.size(); ++i) {
    if (node.inputs[i] != ir::kNoValue) return false;
  }
  const auto* a = std::get_if<ir::SliceAttrs>(&node.attrs);
  return a && a->starts.size() == a->axes.size() && a->ends.size() == a->axes.size();
}

}  // namespace

void RegisterSliceKernels(runtime::KernelRegistry& registry) {
  RegisterCudaKernel(registry, ir::OpKind::kSlice, DType::kUndefined, "cuda", &MakeSliceKernel, &AcceptsSlice);
}

}  // namespace oar::kernels::cuda
