// ReduceSum / ReduceMean / ReduceMax over any set of axes (f32, f64, i32, i64).
// Prepare() drops size-1 dims and merges neighbouring dims that are both reduced or both kept.
// One reduced group leaves [outer, R, inner]: inner == 1 reduces contiguous runs with SIMD
// reductions; inner > 1 accumulates whole rows, which vectorizes along inner. Several reduced
// groups fall back to gathering through offset tables built in Prepare().
// Integers accumulate in their own type; their mean truncates toward zero. Contiguous f32 sums
// accumulate in f64.
#include <algorithm>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/elementwise_kernels.h"

namespace oar::kernels::cpu {

namespace {

enum class ReduceKind { kSum, kMean, kMax };

constexpr int64_t kGrain = 32 * 1024;  // input elements per thread

template <typename T, ReduceKind K>
inline T Combine(T acc, T v) {
  if constexpr (K == ReduceKind::kMax) {
    return v > acc ? v : acc;
  } else {
    return acc + v;
  }
}

/// Reduction of one contiguous run (n >= 1). f32 sums accumulate in f64: a long run (a global
/// mean over a feature map, a flattened tensor) would otherwise lose digits, and the loop is
/// memory bound either way.
template <typename T, ReduceKind K>
OAR_CPU_MULTIVERSION T ReduceContiguous(const T* x, int64_t n) {
  if constexpr (K == ReduceKind::kMax) {
    T acc = x[0];
#pragma omp simd reduction(max : acc)
    for (int64_t i = 1; i < n; ++i) acc = x[i] > acc ? x[i] : acc;
    return acc;
  } else {
    using Acc = std::conditional_t<std::is_same_v<T, float>, double, T>;
    Acc acc = 0;
#pragma omp simd reduction(+ : acc)
    for (int64_t i = 0; i < n; ++i) acc += static_cast<Acc>(x[i]);
    return static_cast<T>(acc);
  }
}

/// y[c] = combine(y[c], row[c]) over one row segment.
template <typename T, ReduceKind K>
OAR_CPU_MULTIVERSION void CombineRow(T* y, const T* row, int64_t n) {
  for (int64_t c = 0; c < n; ++c) y[c] = Combine<T, K>(y[c], row[c]);
}

template <typename T, ReduceKind K>
class ReduceKernel final : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    const ir::ReduceAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    const Shape& in = ctx.input(0).shape();
    const int rank = in.rank();
    std::vector<char> reduced(static_cast<size_t>(rank), a->reduce_all || a->axes.empty());
    if (!a->reduce_all) {
      for (int64_t axis : a->axes) {
        int ax = 0;
        if (!NormalizeAxis(axis, rank, &ax)) {
          return InvalidArgument("cpu kernel: " + ctx.Where() + "axis " + std::to_string(axis) +
                                 " out of range for input " + ctx.input(0).Describe());
        }
        reduced[static_cast<size_t>(ax)] = 1;
      }
    }
    // Groups of merged dims, alternating reduced / kept.
    std::vector<int64_t> gdims;
    std::vector<char> gred;
    reduce_count_ = 1;
    for (int d = 0; d < rank; ++d) {
      const char r = reduced[static_cast<size_t>(d)];
      if (r) reduce_count_ *= in[d];
      if (in[d] == 1) continue;
      if (!gdims.empty() && gred.back() == r) {
        gdims.back() *= in[d];
      } else {
        gdims.push_back(in[d]);
        gred.push_back(r);
      }
    }
    out_count_ = ctx.output(0).numel();
    int num_reduced_groups = 0;
    for (char r : gred) num_reduced_groups += r;
    general_ = num_reduced_groups > 1;
    outer_ = 1;
    inner_ = 1;
    out_offsets_.clear();
    red_offsets_.clear();
    if (!general_) {
      bool after = false;
      for (size_t g = 0; g < gdims.size(); ++g) {
        if (gred[g]) {
          after = true;
        } else {
          (after ? inner_ : outer_) *= gdims[g];
        }
      }
    } else {
      // Offsets of every kept position and of every reduced position (group strides are
      // contiguous: the stride of a group is the product of the groups after it).
      std::vector<int64_t> strides(gdims.size(), 1);
      for (int g = static_cast<int>(gdims.size()) - 2; g >= 0; --g) {
        strides[static_cast<size_t>(g)] = strides[static_cast<size_t>(g) + 1] * gdims[static_cast<size_t>(g) + 1];
      }
      for (int pass = 0; pass < 2; ++pass) {
        std::vector<int64_t>& offsets = pass == 0 ? out_offsets_ : red_offsets_;
        offsets.assign(1, 0);
        for (size_t g = 0; g < gdims.size(); ++g) {
          if (static_cast<bool>(gred[g]) != (pass == 1)) continue;
          std::vector<int64_t> next;
          next.reserve(offsets.size() * static_cast<size_t>(gdims[g]));
          for (int64_t base : offsets) {
            for (int64_t i = 0; i < gdims[g]; ++i) next.push_back(base + i * strides[g]);
          }
          offsets.swap(next);
        }
      }
    }
    partials_.assign(static_cast<size_t>(std::max(ctx.num_threads, 1)), T(0));
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    const T* x = ctx.input(0).data<T>();
    T* y = ctx.output(0).data<T>();
    const int64_t R = reduce_count_;
    if (out_count_ == 0) return Status::OK();
    if (R == 0) return ReduceEmpty(ctx, y);
    const int64_t out_grain = std::max<int64_t>(1, kGrain / R);
    if (general_) {
      ParallelFor(
          ctx.num_threads, out_count_, out_grain,
          [&](int64_t begin, int64_t end) {
            for (int64_t o = begin; o < end; ++o) {
              const T* xo = x + out_offsets_[static_cast<size_t>(o)];
              T acc = xo[red_offsets_[0]];
              for (int64_t r = 1; r < R; ++r) acc = Combine<T, K>(acc, xo[red_offsets_[static_cast<size_t>(r)]]);
              y[o] = acc;
            }
          },
          1);
    } else if (inner_ == 1) {
      if (outer_ >= ctx.num_threads || R * outer_ < 2 * kGrain) {
        ParallelFor(
            ctx.num_threads, outer_, out_grain,
            [&](int64_t begin, int64_t end) {
              for (int64_t o = begin; o < end; ++o) y[o] = ReduceContiguous<T, K>(x + o * R, R);
            },
            1);
      } else {
        for (int64_t o = 0; o < outer_; ++o) y[o] = ReduceSplit(ctx, x + o * R, R);
      }
    } else {
      const int64_t inner = inner_;
      ParallelFor(ctx.num_threads, outer_ * inner, out_grain, [&](int64_t begin, int64_t end) {
        int64_t pos = begin;
        while (pos < end) {
          const int64_t o = pos / inner;
          const int64_t c0 = pos % inner;
          const int64_t c1 = std::min(inner, c0 + (end - pos));
          const T* xo = x + o * R * inner;
          T* yo = y + o * inner;
          for (int64_t c = c0; c < c1; ++c) yo[c] = xo[c];
          for (int64_t r = 1; r < R; ++r) CombineRow<T, K>(yo + c0, xo + r * inner + c0, c1 - c0);
          pos += c1 - c0;
        }
      });
    }
    if constexpr (K == ReduceKind::kMean) {
      if constexpr (std::is_integral_v<T>) {
        for (int64_t o = 0; o < out_count_; ++o) y[o] = static_cast<T>(y[o] / R);
      } else {
        const T inv = T(1) / static_cast<T>(R);
        for (int64_t o = 0; o < out_count_; ++o) y[o] *= inv;
      }
    }
    return Status::OK();
  }

 private:
  /// One long contiguous reduction split across threads (few outputs, many elements each).
  T ReduceSplit(const runtime::KernelContext& ctx, const T* x, int64_t n) {
    // Slots of threads that get no chunk must not change the result: x[0] for max, 0 for sums.
    std::fill(partials_.begin(), partials_.end(), K == ReduceKind::kMax ? x[0] : T(0));
    const int threads = std::min(ctx.num_threads, static_cast<int>(partials_.size()));
    ParallelFor(threads, n, kGrain, [&](int64_t begin, int64_t end) {
      partials_[static_cast<size_t>(omp_get_thread_num())] = ReduceContiguous<T, K>(x + begin, end - begin);
    });
    T acc = partials_[0];
    for (size_t t = 1; t < partials_.size(); ++t) acc = Combine<T, K>(acc, partials_[t]);
    return acc;
  }

  Status ReduceEmpty(const runtime::KernelContext& ctx, T* y) {
    if constexpr (K == ReduceKind::kSum) {
      for (int64_t o = 0; o < out_count_; ++o) y[o] = T(0);
      return Status::OK();
    } else if constexpr (K == ReduceKind::kMean && !std::is_integral_v<T>) {
      for (int64_t o = 0; o < out_count_; ++o) y[o] = std::numeric_limits<T>::quiet_NaN();
      return Status::OK();
    } else {
      return InvalidArgument("cpu kernel: " + ctx.Where() + "input #0 " + ctx.input(0).Describe() +
                             ": the reduced axes hold no element");
    }
  }

  int64_t reduce_count_ = 1, out_count_ = 0, outer_ = 1, inner_ = 1;
  bool general_ = false;
  std::vector<int64_t> out_offsets_, red_offsets_;
  std::vector<T> partials_;  // one per thread for ReduceSplit
};

template <ReduceKind K>
void RegisterKind(runtime::KernelRegistry& registry, ir::OpKind kind) {
  RegisterRef<ReduceKernel<float, K>>(registry, kind, DType::kFloat32);
  RegisterRef<ReduceKernel<double, K>>(registry, kind, DType::kFloat64);
  RegisterRef<ReduceKernel<int32_t, K>>(registry, kind, DType::kInt32);
  RegisterRef<ReduceKernel<int64_t, K>>(registry, kind, DType::kInt64);
}

}  // namespace

void RegisterReduceKernels(runtime::KernelRegistry& registry) {
  RegisterKind<ReduceKind::kSum>(registry, ir::OpKind::kReduceSum);
  RegisterKind<ReduceKind::kMean>(registry, ir::OpKind::kReduceMean);
  RegisterKind<ReduceKind::kMax>(registry, ir::OpKind::kReduceMax);
}

}  // namespace oar::kernels::cpu
