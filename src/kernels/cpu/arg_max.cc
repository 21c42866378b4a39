// ArgMax along one axis (or over the flattened tensor) for f32, f64, i32, i64 inputs, writing i64
// or i32 indices. The first index of the maximum wins. The input is viewed as [outer, R, inner]:
// inner == 1 scans contiguous runs; inner > 1 keeps a running best per column (scratch sized in
// Prepare) so that memory is read row by row. A flattened argmax splits the scan across threads.
#include <algorithm>
#include <string>
#include <vector>

#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/elementwise_kernels.h"

namespace oar::kernels::cpu {

namespace {

constexpr int64_t kGrain = 32 * 1024;  // input elements per thread

/// Index of the first maximum of x[0..n) (n >= 1).
template <typename T>
int64_t ArgMaxContiguous(const T* x, int64_t n) {
  T best = x[0];
  int64_t idx = 0;
  for (int64_t i = 1; i < n; ++i) {
    if (x[i] > best) {
      best = x[i];
      idx = i;
    }
  }
  return idx;
}

template <typename T, typename I>
class ArgMaxKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const ir::ArgMaxAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    const Shape& in = ctx.input(0).shape();
    if (ctx.input(0).numel() == 0) {
      return InvalidArgument("cpu kernel: " + ctx.Where() + "input #0 " + ctx.input(0).Describe() +
                             ": expected a non-empty tensor");
    }
    if (a->flatten) {
      outer_ = 1;
      reduce_ = in.NumElements();
      inner_ = 1;
    } else {
      int ax = 0;
      if (!NormalizeAxis(a->axis, in.rank(), &ax)) {
        return InvalidArgument("cpu kernel: " + ctx.Where() + "axis " + std::to_string(a->axis) +
                               " out of range for input " + ctx.input(0).Describe());
      }
      outer_ = 1;
      inner_ = 1;
      for (int d = 0; d < ax; ++d) outer_ *= in[d];
      for (int d = ax + 1; d < in.rank(); ++d) inner_ *= in[d];
      reduce_ = in[ax];
    }
    best_.assign(inner_ > 1 ? static_cast<size_t>(outer_ * inner_) : 0, T(0));
    const size_t slots = static_cast<size_t>(std::max(ctx.num_threads, 1));
    part_value_.assign(slots, T(0));
    part_index_.assign(slots, -1);
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const T* x = ctx.input(0).data<T>();
    I* y = ctx.output(0).data<I>();
    const int64_t R = reduce_, inner = inner_;
    const int64_t out_grain = std::max<int64_t>(1, kGrain / R);
    if (inner == 1 && outer_ == 1) {
      y[0] = static_cast<I>(ArgMaxSplit(ctx, x, R));
    } else if (inner == 1) {
      ParallelFor(
          ctx.num_threads, outer_, out_grain,
          [&](int64_t begin, int64_t end) {
            for (int64_t o = begin; o < end; ++o) y[o] = static_cast<I>(ArgMaxContiguous(x + o * R, R));
          },
          1);
    } else {
      T* best = best_.data();
      ParallelFor(ctx.num_threads, outer_ * inner, out_grain, [&](int64_t begin, int64_t end) {
        int64_t pos = begin;
        while (pos < end) {
          const int64_t o = pos / inner;
          const int64_t c0 = pos % inner;
          const int64_t c1 = std::min(inner, c0 + (end - pos));
          const T* xo = x + o * R * inner;
          T* bo = best + o * inner;
          I* yo = y + o * inner;
          for (int64_t c = c0; c < c1; ++c) {
            bo[c] = xo[c];
            yo[c] = 0;
          }
          for (int64_t r = 1; r < R; ++r) {
            const T* row = xo + r * inner;
            for (int64_t c = c0; c < c1; ++c) {
              const bool better = row[c] > bo[c];
              bo[c] = better ? row[c] : bo[c];
              yo[c] = better ? static_cast<I>(r) : yo[c];
            }
          }
          pos += c1 - c0;
        }
      });
    }
    return Status::OK();
  }

 private:
  /// Argmax of one long run, split across threads; chunks are combined in order, so ties keep
  /// the earliest index.
  int64_t ArgMaxSplit(const runtime::KernelContext& ctx, const T* x, int64_t n) {
    std::fill(part_index_.begin(), part_index_.end(), -1);
    const int threads = std::min(ctx.num_threads, static_cast<int>(part_index_.size()));
    ParallelFor(threads, n, kGrain, [&](int64_t begin, int64_t end) {
      const size_t t = static_cast<size_t>(omp_get_thread_num());
      const int64_t i = begin + ArgMaxContiguous(x + begin, end - begin);
      part_index_[t] = i;
      part_value_[t] = x[i];
    });
    int64_t best = -1;
    for (size_t t = 0; t < part_index_.size(); ++t) {
      if (part_index_[t] < 0) continue;
      if (best < 0 || part_value_[t] > x[best]) best = part_index_[t];
    }
    return best;
  }

  int64_t outer_ = 1, reduce_ = 1, inner_ = 1;
  std::vector<T> best_;        // running maxima for inner > 1
  std::vector<T> part_value_;  // per-thread results of ArgMaxSplit
  std::vector<int64_t> part_index_;
};

bool AcceptsI64(const ir::Node& node, const std::vector<DType>&) {
  const auto* a = std::get_if<ir::ArgMaxAttrs>(&node.attrs);
  return a && a->out_dtype == DType::kInt64;
}
bool AcceptsI32(const ir::Node& node, const std::vector<DType>&) {
  const auto* a = std::get_if<ir::ArgMaxAttrs>(&node.attrs);
  return a && a->out_dtype == DType::kInt32;
}

template <typename T>
void RegisterType(runtime::KernelRegistry& registry) {
  RegisterRef<ArgMaxKernel<T, int64_t>>(registry, ir::OpKind::kArgMax, DTypeOf<T>::value, &AcceptsI64);
  RegisterRef<ArgMaxKernel<T, int32_t>>(registry, ir::OpKind::kArgMax, DTypeOf<T>::value, &AcceptsI32);
}

}  // namespace

void RegisterArgMaxKernels(runtime::KernelRegistry& registry) {
  RegisterType<float>(registry);
  RegisterType<double>(registry);
  RegisterType<int32_t>(registry);
  RegisterType<int64_t>(registry);
}

}  // namespace oar::kernels::cpu
