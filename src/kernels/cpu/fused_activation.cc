#include "kernels/cpu/fused_activation.h"

#include <cmath>

#include "kernels/cpu/cpu_kernel_util.h"

namespace oar::kernels::cpu {

namespace {

// One functor per activation; each is applied to v = y + bias + sum in a loop the compiler can
// vectorise (except the exp of Sigmoid/Swish, which stays a libm call).
struct NoneAct {
  float operator()(float v) const { return v; }
};
struct ReluAct {
  float operator()(float v) const { return v > 0.0f ? v : 0.0f; }
};
struct ClipAct {
  float lo, hi;
  float operator()(float v) const {
    v = v < lo ? lo : v;
    return v > hi ? hi : v;
  }
};
struct LeakyReluAct {
  float alpha;
  float operator()(float v) const { return v >= 0.0f ? v : v * alpha; }
};
struct HardSwishAct {
  float threshold, inv_scale, offset;
  float operator()(float v) const {
    float t = v + offset;
    t = t < 0.0f ? 0.0f : t;
    t = t > threshold ? threshold : t;
    return v * t * inv_scale;
  }
};
struct HardSigmoidAct {
  float slope, offset;
  float operator()(float v) const {
    float t = v * slope + offset;
    t = t < 0.0f ? 0.0f : t;
    return t > 1.0f ? 1.0f : t;
  }
};
struct SigmoidAct {
  float operator()(float v) const { return 1.0f / (1.0f + std::exp(-v)); }
};
struct SwishAct {
  float beta;
  float operator()(float v) const { return v / (1.0f + std::exp(-beta * v)); }
};

template <typename Act>
OAR_CPU_MULTIVERSION void EpilogueLoop(const Act& act, float bias, const float* sum, float* y, int64_t n) {
  if (sum) {
    for (int64_t i = 0; i < n; ++i) y[i] = act(y[i] + bias + sum[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) y[i] = act(y[i] + bias);
  }
}

// Calls fn(functor) with the functor of `act`.
template <typename Fn>
void WithActivation(const ir::FusedActivation& act, Fn&& fn) {
  switch (act.kind) {
    case ir::ActivationKind::kNone:
      fn(NoneAct{});
      return;
    case ir::ActivationKind::kRelu:
      fn(ReluAct{});
      return;
    case ir::ActivationKind::kClip:
      fn(ClipAct{act.alpha, act.beta});
      return;
    case ir::ActivationKind::kLeakyRelu:
      fn(LeakyReluAct{act.alpha});
      return;
    case ir::ActivationKind::kHardSwish:
      fn(HardSwishAct{act.alpha, 1.0f / act.beta, act.gamma});
      return;
    case ir::ActivationKind::kHardSigmoid:
      fn(HardSigmoidAct{act.alpha, act.beta});
      return;
    case ir::ActivationKind::kSigmoid:
      fn(SigmoidAct{});
      return;
    case ir::ActivationKind::kSwish:
      fn(SwishAct{act.alpha});
      return;
  }
}

}  // namespace

void ApplyEpilogue(const ir::FusedActivation& act, float bias, const float* sum, float* y, int64_t n) {
  WithActivation(act, [&](const auto& f) { EpilogueLoop(f, bias, sum, y, n); });
}

void ApplyActivation(const ir::FusedActivation& act, float* y, int64_t n, int num_threads) {
  if (act.none()) return;
  constexpr int64_t kGrain = 16 * 1024;
  ParallelFor(num_threads, n, kGrain,
              [&](int64_t begin, int64_t end) { ApplyEpilogue(act, 0.0f, nullptr, y + begin, end - begin); });
}

float ActivationValue(const ir::FusedActivation& act, float x) {
  float y = x;
  ApplyEpilogue(act, 0.0f, nullptr, &y, 1);
  return y;
}

}  // namespace oar::kernels::cpu
