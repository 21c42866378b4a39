// Helpers shared by the elementwise and tensor-manipulation CPU kernels: OpenMP work splitting,
// kernel registration, typed attribute access and element-size dispatch.
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "runtime/kernel.h"

// Hot loop functions marked with this are compiled twice on x86-64 Linux with GCC: for AVX2+FMA
// (x86-64-v3) and for the baseline ISA; the loader picks one per machine (function
// multiversioning through ifunc). Elsewhere it expands to nothing.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define OAR_CPU_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define OAR_CPU_MULTIVERSION
#endif

namespace oar::kernels::cpu {

/// Runs fn(begin, end) over [0, total) split into one contiguous chunk per thread. Threads are only
/// used when every one of them gets at least `grain` items; chunk starts are multiples of `align`
/// (keeps vector loops aligned and threads off each other's cache lines).
template <typename Fn>
void ParallelFor(int num_threads, int64_t total, int64_t grain, Fn&& fn, int64_t align = 16) {
  if (total <= 0) return;
  int64_t max_threads = total / std::max<int64_t>(grain, 1);
  int nt = static_cast<int>(std::min<int64_t>(std::max(num_threads, 1), std::max<int64_t>(max_threads, 1)));
  if (nt <= 1) {
    fn(int64_t{0}, total);
    return;
  }
#pragma omp parallel num_threads(nt)
  {
    const int64_t n = omp_get_num_threads();
    const int64_t t = omp_get_thread_num();
    int64_t chunk = (total + n - 1) / n;
    chunk = (chunk + align - 1) / align * align;
    const int64_t begin = std::min(total, t * chunk);
    const int64_t end = std::min(total, begin + chunk);
    if (begin < end) fn(begin, end);
  }
}

template <typename K>
std::unique_ptr<runtime::Kernel> MakeKernel() {
  return std::make_unique<K>();
}

/// Registers kernel class K as the CPU reference ("ref", priority 0) of `kind` for input-0 dtype
/// `dtype` (kUndefined = any; K then checks itself).
template <typename K>
void RegisterRef(runtime::KernelRegistry& registry, ir::OpKind kind, DType dtype,
                 bool (*accepts)(const ir::Node&, const std::vector<DType>&) = nullptr) {
  runtime::KernelDef def;
  def.kind = kind;
  def.device = runtime::DeviceType::kCpu;
  def.dtype = dtype;
  def.priority = 0;
  def.name = "ref";
  def.factory = &MakeKernel<K>;
  def.accepts = accepts;
  registry.Register(std::move(def));
}

/// The node's attributes as T, or an internal error (the schema has already checked them).
template <typename T>
Status KernelAttrs(const runtime::KernelContext& ctx, const T** out) {
  *out = std::get_if<T>(&ctx.node->attrs);
  if (!*out) return Internal("cpu kernel: " + ctx.Where() + "unexpected attribute struct");
  return Status::OK();
}

/// Unsigned integer type of N bytes: data-movement kernels copy elements of any dtype through it.
template <size_t N>
struct UIntOfSize;
template <>
struct UIntOfSize<1> {
  using type = uint8_t;
};
template <>
struct UIntOfSize<2> {
  using type = uint16_t;
};
template <>
struct UIntOfSize<4> {
  using type = uint32_t;
};
template <>
struct UIntOfSize<8> {
  using type = uint64_t;
};

/// Calls fn(U{}) with U the unsigned integer type of `elem_size` bytes; false for other sizes.
template <typename Fn>
bool DispatchByElemSize(size_t elem_size, Fn&& fn) {
  switch (elem_size) {
    case 1:
      fn(uint8_t{});
      return true;
    case 2:
      fn(uint16_t{});
      return true;
    case 4:
      fn(uint32_t{});
      return true;
    case 8:
      fn(uint64_t{});
      return true;
    default:
      return false;
  }
}

/// Bytes-per-thread grain of the memcpy-bound kernels (below it one thread is faster).
constexpr int64_t kCopyGrainBytes = 256 * 1024;

}  // namespace oar::kernels::cpu
