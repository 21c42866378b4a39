// Unary elementwise ops: Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid, HardSwish, Swish, Gelu,
// Clip, Exp, Sqrt, Scale. One kernel template walks contiguous chunks; each op is a small functor
// whose loop the compiler vectorizes. f32 uses an inline exp (ExpF below) instead of libm's expf,
// which does not vectorize: it keeps Sigmoid/Swish/Tanh/Exp within a few ulp of the exact value.
// Relu, Clip and Scale also run on i32/i64; the rest on f32/f64.
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/cpu/cpu_kernel_util.h"
#include "kernels/cpu/elementwise_kernels.h"

namespace oar::kernels::cpu {

namespace {

constexpr int64_t kCheapGrain = 32 * 1024;  // elements per thread
constexpr int64_t kMathGrain = 4 * 1024;    // for ops with an exp/erf per element

/// c ? a : b without a branch. GCC (with its default -ftrapping-math) does not if-convert float
/// selects feeding further arithmetic, which would keep the loops below scalar; a bit-mask blend
/// vectorizes.
inline float Select(bool c, float a, float b) {
  const int32_t m = -static_cast<int32_t>(c);
  int32_t ia, ib;
  std::memcpy(&ia, &a, sizeof(ia));
  std::memcpy(&ib, &b, sizeof(ib));
  const int32_t r = (ia & m) | (ib & ~m);
  float f;
  std::memcpy(&f, &r, sizeof(f));
  return f;
}

/// e^x in f32: x = n*ln2 + r with |r| <= ln2/2, e^r by its Taylor series to r^7 (truncation
/// < 3e-9 relative), 2^n built in the exponent bits. Inputs above ln(FLT_MAX) give +inf, below
/// -86.6 give 0 (true results there are < 2.4e-38). Branch-free, so loops over it vectorize.
inline float ExpF(float x) {
  constexpr float kHi = 88.7228394f;  // ln(FLT_MAX)
  constexpr float kLo = -86.6f;       // keeps n - 1 >= -126 below
  float xc = Select(x < kLo, kLo, x);
  xc = Select(xc > kHi, kHi, xc);
  // Round x*log2(e) to the nearest integer by adding 1.5*2^23 (no rounding-mode dependence).
  const float t = xc * 1.44269504088896341f + 12582912.0f;
  const float n = t - 12582912.0f;
  float r = xc - n * 0.693145751953125f;  // ln2 split in a high part exact in float ...
  r = r - n * 1.42860682030941723e-06f;   // ... and the rest (Cody-Waite)
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  // 2^n as 2^(n-1) * 2 so that n = 128 (x near ln(FLT_MAX)) stays representable.
  const int32_t bits = (static_cast<int32_t>(n) + 126) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  float y = p * scale * 2.0f;
  y = Select(x < kLo, 0.0f, y);
  y = Select(x > kHi, std::numeric_limits<float>::infinity(), y);
  return y;
}

template <typename T>
inline T Exp(T x) {
  if constexpr (std::is_same_v<T, float>) {
    return ExpF(x);
  } else {
    return std::exp(x);
  }
}

/// tanh in f32 without cancellation: an odd Taylor polynomial (to x^9) below |x| = 0.25, where
/// (1 - e^-2|x|) would lose digits, and (1 - e)/(1 + e) with e = e^-2|x| above.
inline float TanhF(float x) {
  const float ax = std::fabs(x);
  const float e = ExpF(-2.0f * ax);
  const float big = (1.0f - e) / (1.0f + e);
  const float x2 = ax * ax;
  float p = 62.0f / 2835.0f;
  p = p * x2 - 17.0f / 315.0f;
  p = p * x2 + 2.0f / 15.0f;
  p = p * x2 - 1.0f / 3.0f;
  p = p * x2 + 1.0f;
  const float small = ax * p;
  return std::copysign(Select(ax < 0.25f, small, big), x);
}

template <typename T>
inline T Tanh(T x) {
  if constexpr (std::is_same_v<T, float>) {
    return TanhF(x);
  } else {
    return std::tanh(x);
  }
}

// Each functor: Init(ctx) reads attributes (and Scale's ScaleTensor) once per Run; Apply(x, y, n)
// computes a contiguous chunk.

struct ReluOp {
  static constexpr int64_t kGrain = kCheapGrain;
  Status Init(const runtime::KernelContext&) { return Status::OK(); }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] > T(0) ? x[i] : T(0);
  }
};

struct LeakyReluOp {
  static constexpr int64_t kGrain = kCheapGrain;
  float alpha = 0.0f;
  Status Init(const runtime::KernelContext& ctx) {
    const ir::LeakyReluAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    alpha = a->alpha;
    return Status::OK();
  }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    const T al = static_cast<T>(alpha);
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] >= T(0) ? x[i] : x[i] * al;
  }
};

struct SigmoidOp {
  static constexpr int64_t kGrain = kMathGrain;
  Status Init(const runtime::KernelContext&) { return Status::OK(); }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    for (int64_t i = 0; i < n; ++i) y[i] = T(1) / (T(1) + Exp(-x[i]));
  }
};

struct TanhOp {
  static constexpr int64_t kGrain = kMathGrain;
  Status Init(const runtime::KernelContext&) { return Status::OK(); }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    for (int64_t i = 0; i < n; ++i) y[i] = Tanh(x[i]);
  }
};

struct HardSigmoidOp {
  static constexpr int64_t kGrain = kCheapGrain;
  float slope = 0.0f, offset = 0.0f;
  Status Init(const runtime::KernelContext& ctx) {
    const ir::HardSigmoidAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    slope = a->slope;
    offset = a->offset;
    return Status::OK();
  }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    const T s = static_cast<T>(slope), o = static_cast<T>(offset);
    for (int64_t i = 0; i < n; ++i) {
      T v = x[i] * s + o;
      v = v < T(0) ? T(0) : v;
      y[i] = v > T(1) ? T(1) : v;
    }
  }
};

struct HardSwishOp {
  static constexpr int64_t kGrain = kCheapGrain;
  float threshold = 0.0f, scale = 1.0f, offset = 0.0f;
  Status Init(const runtime::KernelContext& ctx) {
    const ir::HardSwishAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    threshold = a->threshold;
    scale = a->scale;
    offset = a->offset;
    return Status::OK();
  }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    const T th = static_cast<T>(threshold), inv = T(1) / static_cast<T>(scale), o = static_cast<T>(offset);
    for (int64_t i = 0; i < n; ++i) {
      T v = x[i] + o;
      v = v < T(0) ? T(0) : v;
      v = v > th ? th : v;
      y[i] = x[i] * v * inv;
    }
  }
};

struct SwishOp {
  static constexpr int64_t kGrain = kMathGrain;
  float beta = 1.0f;
  Status Init(const runtime::KernelContext& ctx) {
    const ir::SwishAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    beta = a->beta;
    return Status::OK();
  }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    const T b = static_cast<T>(beta);
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] / (T(1) + Exp(-b * x[i]));
  }
};

struct GeluOp {
  static constexpr int64_t kGrain = kMathGrain;
  bool approximate = false;
  Status Init(const runtime::KernelContext& ctx) {
    const ir::GeluAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    approximate = a->approximate;
    return Status::OK();
  }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    if (approximate) {  // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
      const T k = static_cast<T>(0.7978845608028654), c = static_cast<T>(0.044715);
      for (int64_t i = 0; i < n; ++i) {
        const T v = x[i];
        y[i] = T(0.5) * v * (T(1) + Tanh(k * (v + c * v * v * v)));
      }
    } else {  // 0.5 x (1 + erf(x / sqrt(2)))
      const T r = static_cast<T>(0.7071067811865476);
      for (int64_t i = 0; i < n; ++i) y[i] = T(0.5) * x[i] * (T(1) + std::erf(x[i] * r));
    }
  }
};

/// A float bound converted to T; for integer T clamped into T's range first (the default
/// bounds are +-FLT_MAX), rounding inward so that clipping never leaves [min, max].
template <typename T>
T ClipBound(double v, bool is_min) {
  if constexpr (std::is_integral_v<T>) {
    const double lo = static_cast<double>(std::numeric_limits<T>::lowest());
    const double hi = static_cast<double>(std::numeric_limits<T>::max());
    v = is_min ? std::ceil(v) : std::floor(v);
    if (v <= lo) return std::numeric_limits<T>::lowest();
    if (v >= hi) return std::numeric_limits<T>::max();
    return static_cast<T>(v);
  } else {
    return static_cast<T>(v);
  }
}

struct ClipOp {
  static constexpr int64_t kGrain = kCheapGrain;
  float min = 0.0f, max = 0.0f;
  Status Init(const runtime::KernelContext& ctx) {
    const ir::ClipAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    min = a->min;
    max = a->max;
    return Status::OK();
  }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    const T lo = ClipBound<T>(min, true), hi = ClipBound<T>(max, false);
    for (int64_t i = 0; i < n; ++i) {
      T v = x[i] < lo ? lo : x[i];
      y[i] = v > hi ? hi : v;
    }
  }
};

struct ExpOp {
  static constexpr int64_t kGrain = kMathGrain;
  Status Init(const runtime::KernelContext&) { return Status::OK(); }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    for (int64_t i = 0; i < n; ++i) y[i] = Exp(x[i]);
  }
};

struct SqrtOp {
  static constexpr int64_t kGrain = kMathGrain;
  Status Init(const runtime::KernelContext&) { return Status::OK(); }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    for (int64_t i = 0; i < n; ++i) y[i] = std::sqrt(x[i]);
  }
};

/// bias_after_scale ? scale*x + bias : scale*(x + bias). Computed in f32 for f32 and in f64
/// otherwise (integers truncate toward zero on the way back). A ScaleTensor input replaces `scale`.
struct ScaleOp {
  static constexpr int64_t kGrain = kCheapGrain;
  double scale = 1.0, bias = 0.0;
  bool bias_after_scale = true;
  Status Init(const runtime::KernelContext& ctx) {
    const ir::ScaleAttrs* a = nullptr;
    OAR_RETURN_IF_ERROR(KernelAttrs(ctx, &a));
    scale = a->scale;
    bias = a->bias;
    bias_after_scale = a->bias_after_scale;
    if (ctx.has_input(1)) {
      if (ctx.input(1).numel() != 1) {
        return InvalidArgument("cpu kernel: " + ctx.Where() + "input #1 (ScaleTensor): expected 1 element, got " +
                               ctx.input(1).Describe());
      }
      scale = ctx.input(1).GetDouble(0);
    }
    return Status::OK();
  }
  template <typename T>
  void Apply(const T* x, T* y, int64_t n) const {
    using C = std::conditional_t<std::is_same_v<T, float>, float, double>;
    const C s = static_cast<C>(scale), b = static_cast<C>(bias);
    if (bias_after_scale) {
      for (int64_t i = 0; i < n; ++i) y[i] = static_cast<T>(s * static_cast<C>(x[i]) + b);
    } else {
      for (int64_t i = 0; i < n; ++i) y[i] = static_cast<T>(s * (static_cast<C>(x[i]) + b));
    }
  }
};

/// One contiguous chunk; multiversioned so that AVX2 machines run 8-wide loops.
template <typename T, typename Op>
OAR_CPU_MULTIVERSION void ApplyChunk(const Op& op, const T* x, T* y, int64_t n) {
  op.template Apply<T>(x, y, n);
}

template <typename T, typename Op>
class UnaryKernel final : public runtime::Kernel {
 public:
  Status Run(const runtime::KernelContext& ctx) override {
    Op op;
    OAR_RETURN_IF_ERROR(op.Init(ctx));
    const T* x = ctx.input(0).data<T>();
    T* y = ctx.output(0).data<T>();
    ParallelFor(ctx.num_threads, ctx.input(0).numel(), Op::kGrain,
                [&](int64_t begin, int64_t end) { ApplyChunk<T, Op>(op, x + begin, y + begin, end - begin); });
    return Status::OK();
  }
};

template <typename Op, bool kWithInts>
void RegisterOp(runtime::KernelRegistry& registry, ir::OpKind kind) {
  RegisterRef<UnaryKernel<float, Op>>(registry, kind, DType::kFloat32);
  RegisterRef<UnaryKernel<double, Op>>(registry, kind, DType::kFloat64);
  if constexpr (kWithInts) {
    RegisterRef<UnaryKernel<int32_t, Op>>(registry, kind, DType::kInt32);
    RegisterRef<UnaryKernel<int64_t, Op>>(registry, kind, DType::kInt64);
  }
}

}  // namespace

void RegisterUnaryKernels(runtime::KernelRegistry& registry) {
  RegisterOp<ReluOp, true>(registry, ir::OpKind::kRelu);
  RegisterOp<LeakyReluOp, false>(registry, ir::OpKind::kLeakyRelu);
  RegisterOp<SigmoidOp, false>(registry, ir::OpKind::kSigmoid);
  RegisterOp<TanhOp, false>(registry, ir::OpKind::kTanh);
  RegisterOp<HardSigmoidOp, false>(registry, ir::OpKind::kHardSigmoid);
  RegisterOp<HardSwishOp, false>(registry, ir::OpKind::kHardSwish);
  RegisterOp<SwishOp, false>(registry, ir::OpKind::kSwish);
  RegisterOp<GeluOp, false>(registry, ir::OpKind::kGelu);
  RegisterOp<ClipOp, true>(registry, ir::OpKind::kClip);
  RegisterOp<ExpOp, false>(registry, ir::OpKind::kExp);
  RegisterOp<SqrtOp, false>(registry, ir::OpKind::kSqrt);
  RegisterOp<ScaleOp, true>(registry, ir::OpKind::kScale);
}

}  // namespace oar::kernels::cpu
