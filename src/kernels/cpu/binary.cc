// Binary elementwise ops with numpy broadcasting: Add, Sub, Mul, Div, Max, Min (f32, f64, i32, i64)
// and Pow (f32, f64). Prepare() collapses the broadcast into a few dims (broadcast.h); Run() walks
// output rows whose inner loop is one of same-stride / scalar-a / scalar-b, all vectorizable.
// Integer division truncates toward zero (C++, Paddle and ONNX); dividing by zero is an error.
#include <cmath>
#include <limits>
#include <type_traits>

#include "kernels/cpu/broadcast.h"
#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/elementwise_kernels.h"

namespace oar::kernels::cpu {

namespace {

constexpr int64_t kCheapGrain = 32 * 1024;  // elements per thread for add/mul-like ops
constexpr int64_t kPowGrain = 2 * 1024;

struct AddOp {
  static constexpr int64_t kGrain = kCheapGrain;
  template <typename T>
  static T Apply(T a, T b) {
    return a + b;
  }
};
struct SubOp {
  static constexpr int64_t kGrain = kCheapGrain;
  template <typename T>
  static T Apply(T a, T b) {
    return a - b;
  }
};
struct MulOp {
  static constexpr int64_t kGrain = kCheapGrain;
  template <typename T>
  static T Apply(T a, T b) {
    return a * b;
  }
};
struct DivOp {
  static constexpr int64_t kGrain = kCheapGrain;
  template <typename T>
  static T Apply(T a, T b) {
    if constexpr (std::is_integral_v<T>) {
      // lowest / -1 overflows (and traps on x86): negate through the unsigned type instead.
      using U = std::make_unsigned_t<T>;
      return b == T(-1) ? static_cast<T>(U(0) - static_cast<U>(a)) : a / b;
    } else {
      return a / b;
    }
  }
};
struct MaxOp {
  static constexpr int64_t kGrain = kCheapGrain;
  template <typename T>
  static T Apply(T a, T b) {
    return a > b ? a : b;
  }
};
struct MinOp {
  static constexpr int64_t kGrain = kCheapGrain;
  template <typename T>
  static T Apply(T a, T b) {
    return a < b ? a : b;
  }
};
struct PowOp {
  static constexpr int64_t kGrain = kPowGrain;
  template <typename T>
  static T Apply(T a, T b) {
    if constexpr (std::is_same_v<T, float>) {
      if (b == 2.0f) return a * a;  // common in models (x^2 of variance decompositions)
      return std::pow(a, b);
    } else {
      return std::pow(a, b);
    }
  }
};

/// y[i] = op(a[i*sa], b[i*sb]) for sa, sb in {0, 1}; each branch is a plain vectorizable loop.
template <typename T, typename Op>
OAR_CPU_MULTIVERSION void BinaryRow(const T* a, int64_t sa, const T* b, int64_t sb, T* y, int64_t n) {
  if (sa && sb) {
    for (int64_t i = 0; i < n; ++i) y[i] = Op::Apply(a[i], b[i]);
  } else if (sa) {
    const T bv = *b;
    for (int64_t i = 0; i < n; ++i) y[i] = Op::Apply(a[i], bv);
  } else if (sb) {
    const T av = *a;
    for (int64_t i = 0; i < n; ++i) y[i] = Op::Apply(av, b[i]);
  } else {
    const T v = Op::Apply(*a, *b);
    for (int64_t i = 0; i < n; ++i) y[i] = v;
  }
}

template <typename T, typename Op>
void RunBinaryPlan(const BroadcastPlan& plan, const T* a, const T* b, T* y, int num_threads) {
  const int64_t sa = plan.stride_a.back();
  const int64_t sb = plan.stride_b.back();
  ParallelFor(num_threads, plan.total, Op::kGrain, [&](int64_t begin, int64_t end) {
    ForEachRow(plan, begin, end, [&](int64_t o, int64_t oa, int64_t ob, int64_t n) {
      BinaryRow<T, Op>(a + oa, sa, b + ob, sb, y + o, n);
    });
  });
}

template <typename T, typename Op>
class BinaryKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    if (ctx.input(1).dtype() != DTypeOf<T>::value) {
      return Internal("cpu kernel: " + ctx.Where() + "input #1: expected dtype " + DTypeName(DTypeOf<T>::value) +
                      ", got " + ctx.input(1).Describe());
    }
    return MakeBroadcastPlan(ctx.input(0).shape(), ctx.input(1).shape(), ctx.output(0).shape(), &plan_);
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const T* a = ctx.input(0).data<T>();
    const T* b = ctx.input(1).data<T>();
    T* y = ctx.output(0).data<T>();
    if constexpr (std::is_integral_v<T> && std::is_same_v<Op, DivOp>) {
      const int64_t nb = ctx.input(1).numel();
      for (int64_t i = 0; i < nb; ++i) {
        if (b[i] == 0) {
          return InvalidArgument("cpu kernel: " + ctx.Where() + "input #1 " + ctx.input(1).Describe() +
                                 ": integer division by zero at flat index " + std::to_string(i));
        }
      }
    }
    RunBinaryPlan<T, Op>(plan_, a, b, y, ctx.num_threads);
    return Status::OK();
  }

 private:
  BroadcastPlan plan_;
};

template <typename Op, bool kWithInts>
void RegisterOp(runtime::KernelRegistry& registry, ir::OpKind kind) {
  RegisterRef<BinaryKernel<float, Op>>(registry, kind, DType::kFloat32);
  RegisterRef<BinaryKernel<double, Op>>(registry, kind, DType::kFloat64);
  if constexpr (kWithInts) {
    RegisterRef<BinaryKernel<int32_t, Op>>(registry, kind, DType::kInt32);
    RegisterRef<BinaryKernel<int64_t, Op>>(registry, kind, DType::kInt64);
  }
}

}  // namespace

template <typename T>
void BroadcastAdd(const BroadcastPlan& plan, const T* a, const T* b, T* y, int num_threads) {
  RunBinaryPlan<T, AddOp>(plan, a, b, y, num_threads);
}
template void BroadcastAdd<float>(const BroadcastPlan&, const float*, const float*, float*, int);
template void BroadcastAdd<double>(const BroadcastPlan&, const double*, const double*, double*, int);
template void BroadcastAdd<int32_t>(const BroadcastPlan&, const int32_t*, const int32_t*, int32_t*, int);
template void BroadcastAdd<int64_t>(const BroadcastPlan&, const int64_t*, const int64_t*, int64_t*, int);

void RegisterBinaryKernels(runtime::KernelRegistry& registry) {
  RegisterOp<AddOp, true>(registry, ir::OpKind::kAdd);
  RegisterOp<SubOp, true>(registry, ir::OpKind::kSub);
  RegisterOp<MulOp, true>(registry, ir::OpKind::kMul);
  RegisterOp<DivOp, true>(registry, ir::OpKind::kDiv);
  RegisterOp<MaxOp, true>(registry, ir::OpKind::kMax);
  RegisterOp<MinOp, true>(registry, ir::OpKind::kMin);
  RegisterOp<PowOp, false>(registry, ir::OpKind::kPow);
}

}  // namespace oar::kernels::cpu
