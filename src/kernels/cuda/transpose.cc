// Host side of the strided copies (PlanStridedCopy) and the CUDA Transpose kernel of any dtype:
// output dim i reads input dim perm[i], i.e. a strided copy whose source strides are the input's
// contiguous strides permuted. Planned once per shape in Prepare.
#include "kernels/cuda/transpose.h"

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "kernels/cuda/cuda_kernel_util.h"

namespace oar::kernels::cuda {

namespace {
// A transposed tile thinner than this on either side wastes most of its threads; such copies run
// as gathers instead (their reads still come in runs of the thin side).
constexpr int64_t kMinTileExtent = 16;
}  // namespace

StatusOr<StridedCopyPlan> PlanStridedCopy(int64_t elem_size, const std::vector<int64_t>& dims,
                                          const std::vector<int64_t>& src_strides, int64_t src_offset,
                                          const std::string& where) {
  StridedCopyPlan plan;
  plan.elem_size = elem_size;
  plan.offset = src_offset;
  if (dims.size() != src_strides.size()) {
    return Internal("cuda strided copy: " + where + std::to_string(dims.size()) + " dims but " +
                    std::to_string(src_strides.size()) + " strides");
  }
  int64_t total = 1;
  for (int64_t d : dims) total *= d;
  plan.total = total;
  if (total == 0) return plan;  // kEmpty
  // Merge outer-to-inner: dim (n, s) joins the previous (m, t) when t == s * n, since then
  // i * t + j * s == (i * n + j) * s. Size-1 dims contribute nothing and are dropped.
  std::vector<int64_t> mdims, mstrides;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == 1) continue;
    if (!mdims.empty() && mstrides.back() == src_strides[i] * dims[i]) {
      mdims.back() *= dims[i];
      mstrides.back() = src_strides[i];
    } else {
      mdims.push_back(dims[i]);
      mstrides.push_back(src_strides[i]);
    }
  }
  if (mdims.empty()) {  // a single element
    mdims.push_back(1);
    mstrides.push_back(1);
  }
  if (mdims.size() > static_cast<size_t>(kMaxCopyRank)) {
    return Unsupported("cuda strided copy: " + where + "needs " + std::to_string(mdims.size()) +
                       " dims after merging, more than " + std::to_string(kMaxCopyRank));
  }
  plan.rank = static_cast<int>(mdims.size());
  for (int d = 0; d < plan.rank; ++d) {
    plan.dims[d] = mdims[static_cast<size_t>(d)];
    plan.strides[d] = mstrides[static_cast<size_t>(d)];
  }
  const int last = plan.rank - 1;
  if (plan.rank == 1 && plan.strides[0] == 1) {
    plan.path = StridedCopyPlan::Path::kContiguous;
  } else if (plan.strides[last] == 1) {
    plan.path = StridedCopyPlan::Path::kGather;
  } else {
    plan.path = StridedCopyPlan::Path::kGather;
    for (int d = 0; d < last; ++d) {
      if (plan.strides[d] == 1 && plan.dims[d] >= kMinTileExtent && plan.dims[last] >= kMinTileExtent) {
        plan.path = StridedCopyPlan::Path::kTiled;
        plan.tile_dim = d;
        break;
      }
    }
  }
  return plan;
}

Status StridedCopyKernel::Run(const runtime::KernelContext& ctx) {
  OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
  OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
  return LaunchStridedCopy(cctx->stream(), plan_, ctx.input(0).raw_data(), ctx.output(0).raw_data(), ctx.Where());
}

namespace {

class TransposeCudaKernel final : public StridedCopyKernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    const Tensor& y = ctx.output(0);
    const std::vector<int64_t>& attr_perm = ctx.attr<ir::TransposeAttrs>().perm;
    const Shape& in = x.shape();
    const int rank = in.rank();
    if (!attr_perm.empty() && static_cast<int>(attr_perm.size()) != rank) {
      return InvalidArgument("cuda transpose: " + ctx.Where() + "perm of " + std::to_string(attr_perm.size()) +
                             " entries for input " + x.Describe());
    }
    std::vector<int64_t> in_strides(static_cast<size_t>(rank), 1);
    for (int d = rank - 2; d >= 0; --d) in_strides[d] = in_strides[d + 1] * in[d + 1];
    std::vector<int64_t> dims(static_cast<size_t>(rank)), strides(static_cast<size_t>(rank));
    std::vector<char> used(static_cast<size_t>(rank), 0);
    for (int i = 0; i < rank; ++i) {
      int p = rank - 1 - i;  // empty perm: reverse the dims
      if (!attr_perm.empty() && (!NormalizeAxis(attr_perm[static_cast<size_t>(i)], rank, &p) || used[p])) {
        return InvalidArgument("cuda transpose: " + ctx.Where() + "perm entry " + std::to_string(i) +
                               " is out of range or repeated for input " + x.Describe());
      }
      used[p] = 1;
      dims[i] = in[p];
      strides[i] = in_strides[p];
    }
    if (y.dtype() != x.dtype() || y.shape() != Shape(dims)) {
      return Internal("cuda transpose: " + ctx.Where() + "output " + y.Describe() + " does not match input " +
                      x.Describe() + " transposed (expected " + Shape(dims).ToString() + ")");
    }
    OAR_ASSIGN_OR_RETURN(plan_, PlanStridedCopy(static_cast<int64_t>(DTypeSize(x.dtype())), dims, strides, 0,
                                                "cuda transpose: " + ctx.Where()));
    return Status::OK();
  }
};

std::unique_ptr<runtime::Kernel> MakeTransposeKernel() { return std::make_unique<TransposeCudaKernel>(); }

bool AcceptsTranspose(const ir::Node& node, const std::vector<DType>& dtypes) {
  const auto* a = std::get_if<ir::TransposeAttrs>(&node.attrs);
  return a && a->perm.size() <= static_cast<size_t>(kMaxCopyRank);
}

}  // namespace

void RegisterTransposeKernels(runtime::KernelRegistry& registry) {
  RegisterCudaKernel(registry, ir::OpKind::kTranspose, DType::kUndefined, "cuda", &MakeTransposeKernel,
                     &AcceptsTranspose);
}

}  // namespace oar::kernels::cuda
