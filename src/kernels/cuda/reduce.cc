// CUDA kernels of ReduceSum / ReduceMean / ReduceMax (reduce.h) for f32, f16, i32, i64. Prepare
// builds the ReduceGeometry; an empty reduction that the CPU kernel reports as an error (Max, or an
// integer Mean) is reported the same way.
#include "kernels/cuda/reduce.h"

#include <memory>
#include <vector>

#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

Status MakeReduceGeometry(const Shape& in, const std::vector<int64_t>& axes, bool reduce_all, int64_t out_count,
                          const std::string& where, ReduceGeometry* geometry) {
  ReduceGeometry g;
  const int rank = in.rank();
  std::vector<char> reduced(static_cast<size_t>(rank), reduce_all || axes.empty());
  if (!reduce_all) {
    for (int64_t axis : axes) {
      int ax = 0;
      if (!NormalizeAxis(axis, rank, &ax)) {
        return InvalidArgument(where + "axis " + std::to_string(axis) + " out of range for input #0 " +
                               in.ToString());
      }
      reduced[static_cast<size_t>(ax)] = 1;
    }
  }
  // Groups of merged dims, alternating reduced / kept; size-1 dims are dropped.
  std::vector<int64_t> gdims;
  std::vector<char> gred;
  for (int d = 0; d < rank; ++d) {
    const char r = reduced[static_cast<size_t>(d)];
    if (r) g.reduce_count *= in[d];
    if (in[d] == 1) continue;
    if (!gdims.empty() && gred.back() == r) {
      gdims.back() *= in[d];
    } else {
      gdims.push_back(in[d]);
      gred.push_back(r);
    }
  }
  g.out_count = out_count;
  int num_reduced_groups = 0;
  for (char r : gred) num_reduced_groups += r;
  g.general = num_reduced_groups > 1;
  if (!g.general) {
    bool after = false;
    for (size_t i = 0; i < gdims.size(); ++i) {
      if (gred[i]) {
        after = true;
      } else {
        (after ? g.inner : g.outer) *= gdims[i];
      }
    }
    *geometry = g;
    return Status::OK();
  }
  // Contiguous input: a group's stride is the product of the groups after it.
  const int n = static_cast<int>(gdims.size());
  std::vector<int64_t> strides(static_cast<size_t>(n), 1);
  for (int i = n - 2; i >= 0; --i) {
    strides[static_cast<size_t>(i)] = strides[static_cast<size_t>(i) + 1] * gdims[static_cast<size_t>(i) + 1];
  }
  for (int i = 0; i < n; ++i) {
    const size_t u = static_cast<size_t>(i);
    int& count = gred[u] ? g.num_reduced : g.num_kept;
    if (count == kMaxReduceGroups) {
      return Unsupported(where + "input #0 " + in.ToString() + " reduced over " + std::to_string(num_reduced_groups) +
                         " separate groups of axes needs more than the " + std::to_string(kMaxReduceGroups) +
                         " groups the CUDA kernel handles");
    }
    (gred[u] ? g.red_dims : g.kept_dims)[count] = gdims[u];
    (gred[u] ? g.red_strides : g.kept_strides)[count] = strides[u];
    ++count;
  }
  *geometry = g;
  return Status::OK();
}

namespace {

class ReduceKernel final : public runtime::Kernel {
 public:
  explicit ReduceKernel(ReduceOp op) : op_(op) {}

  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(const ir::ReduceAttrs* a, CudaAttrs<ir::ReduceAttrs>(ctx));
    const Tensor& x = ctx.input(0);
    dtype_ = x.dtype();
    if (ctx.output(0).dtype() != dtype_) {
      return Internal("cuda kernels: " + ctx.Where() + "output " + ctx.output(0).Describe() + ": expected dtype " +
                      DTypeName(dtype_) + " (input #0's)");
    }
    const std::string where = "cuda kernels: " + ctx.Where();
    OAR_RETURN_IF_ERROR(
        MakeReduceGeometry(x.shape(), a->axes, a->reduce_all, ctx.output(0).numel(), where, &geometry_));
    const bool int_mean = op_ == ReduceOp::kMean && (dtype_ == DType::kInt32 || dtype_ == DType::kInt64);
    if (geometry_.reduce_count == 0 && geometry_.out_count > 0 && (op_ == ReduceOp::kMax || int_mean)) {
      return InvalidArgument(where + "input #0 " + x.Describe() + ": the reduced axes hold no element");
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    return LaunchReduce(cctx->stream(), dtype_, op_, geometry_, ctx.input(0).raw_data(), ctx.output(0).raw_data(),
                        ctx.Where());
  }

 private:
  ReduceOp op_;
  DType dtype_ = DType::kUndefined;
  ReduceGeometry geometry_;
};

template <ReduceOp kOp>
std::unique_ptr<runtime::Kernel> MakeReduce() {
  return std::make_unique<ReduceKernel>(kOp);
}

bool AcceptsReduce(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  (void)node;
  if (input_dtypes.empty()) return false;
  const DType t = input_dtypes[0];
  return IsCudaFloat(t) || t == DType::kInt32 || t == DType::kInt64;
}

template <ReduceOp kOp>
void RegisterKind(runtime::KernelRegistry& registry, ir::OpKind kind) {
  for (DType t : {DType::kFloat32, DType::kFloat16, DType::kInt32, DType::kInt64}) {
    RegisterCudaKernel(registry, kind, t, "cuda", &MakeReduce<kOp>, &AcceptsReduce);
  }
}

}  // namespace

void RegisterReduceKernels(runtime::KernelRegistry& registry) {
  RegisterKind<ReduceOp::kSum>(registry, ir::OpKind::kReduceSum);
  RegisterKind<ReduceOp::kMean>(registry, ir::OpKind::kReduceMean);
  RegisterKind<ReduceOp::kMax>(registry, ir::OpKind::kReduceMax);
}

}  // namespace oar::kernels::cuda
