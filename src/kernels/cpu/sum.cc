// Sum: n-ary addition with numpy broadcasting (f32, f64, i32, i64). The first pass computes
// y = x0 + x1 (or copies x0 when there is one input), each later pass y += xi, all through the
// broadcast plans of binary.cc.
#include <cstring>

#include "kernels/cpu/broadcast.h"
#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/elementwise_kernels.h"

namespace oar::kernels::cpu {

namespace {

template <typename T>
class SumKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const int n = static_cast<int>(ctx.inputs.size());
    const Shape& out = ctx.output(0).shape();
    for (int i = 0; i < n; ++i) {
      if (ctx.input(i).dtype() != DTypeOf<T>::value) {
        return Internal("cpu kernel: " + ctx.Where() + "input #" + std::to_string(i) + ": expected dtype " +
                        DTypeName(DTypeOf<T>::value) + ", got " + ctx.input(i).Describe());
      }
    }
    plans_.resize(static_cast<size_t>(n));
    if (n == 1) {
      if (ctx.input(0).shape() != out) {
        return Internal("cpu kernel: " + ctx.Where() + "one input of shape " + ctx.input(0).shape().ToString() +
                        " for output " + out.ToString());
      }
      return Status::OK();
    }
    OAR_RETURN_IF_ERROR(MakeBroadcastPlan(ctx.input(0).shape(), ctx.input(1).shape(), out, &plans_[1]));
    for (int i = 2; i < n; ++i) {
      OAR_RETURN_IF_ERROR(MakeBroadcastPlan(out, ctx.input(i).shape(), out, &plans_[static_cast<size_t>(i)]));
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const int n = static_cast<int>(ctx.inputs.size());
    Tensor& out = ctx.output(0);
    T* y = out.data<T>();
    if (n == 1) {
      if (out.nbytes() && y != ctx.input(0).data<T>()) std::memcpy(y, ctx.input(0).raw_data(), out.nbytes());
      return Status::OK();
    }
    BroadcastAdd<T>(plans_[1], ctx.input(0).data<T>(), ctx.input(1).data<T>(), y, ctx.num_threads);
    for (int i = 2; i < n; ++i) {
      BroadcastAdd<T>(plans_[static_cast<size_t>(i)], y, ctx.input(i).data<T>(), y, ctx.num_threads);
    }
    return Status::OK();
  }

 private:
  std::vector<BroadcastPlan> plans_;  // plans_[i]: pass i (plans_[0] unused)
};

}  // namespace

void RegisterSumKernels(runtime::KernelRegistry& registry) {
  RegisterRef<SumKernel<float>>(registry, ir::OpKind::kSum, DType::kFloat32);
  RegisterRef<SumKernel<double>>(registry, ir::OpKind::kSum, DType::kFloat64);
  RegisterRef<SumKernel<int32_t>>(registry, ir::OpKind::kSum, DType::kInt32);
  RegisterRef<SumKernel<int64_t>>(registry, ir::OpKind::kSum, DType::kInt64);
}

}  // namespace oar::kernels::cpu
