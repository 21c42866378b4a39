// The fused-activation epilogue against the unary op kernels it stands for: every kind with
// its parameters, plus bias and residual, and the threaded whole-tensor form.
#include "kernels/cpu/fused_activation.h"

#include <string>
#include <vector>

#include "nn_ref_test_util.h"

namespace oar::testing {
namespace {

using ir::ActivationKind;
using ir::OpKind;

struct ActCase {
  const char* name;
  ir::FusedActivation act;
  OpKind kind;
  ir::Attrs attrs;
};

std::vector<ActCase> Cases() {
  return {
      {"relu", {ActivationKind::kRelu}, OpKind::kRelu, ir::NoAttrs{}},
      {"relu6", {ActivationKind::kClip, 0.0f, 6.0f}, OpKind::kClip, ir::ClipAttrs{0.0f, 6.0f}},
      {"clip_asym", {ActivationKind::kClip, -0.75f, 1.25f}, OpKind::kClip, ir::ClipAttrs{-0.75f, 1.25f}},
      {"leaky", {ActivationKind::kLeakyRelu, 0.2f}, OpKind::kLeakyRelu, ir::LeakyReluAttrs{0.2f}},
      {"hard_swish", {ActivationKind::kHardSwish, 6.0f, 6.0f, 3.0f}, OpKind::kHardSwish, ir::HardSwishAttrs{}},
      {"hard_swish_params",
       {ActivationKind::kHardSwish, 5.0f, 4.0f, 2.5f},
       OpKind::kHardSwish,
       ir::HardSwishAttrs{5.0f, 4.0f, 2.5f}},
      {"hard_sigmoid",
       {ActivationKind::kHardSigmoid, 0.2f, 0.5f},
       OpKind::kHardSigmoid,
       ir::HardSigmoidAttrs{0.2f, 0.5f}},
      {"hard_sigmoid_steep",
       {ActivationKind::kHardSigmoid, 1.0f / 6.0f, 0.5f},
       OpKind::kHardSigmoid,
       ir::HardSigmoidAttrs{1.0f / 6.0f, 0.5f}},
      {"sigmoid", {ActivationKind::kSigmoid}, OpKind::kSigmoid, ir::NoAttrs{}},
      {"swish", {ActivationKind::kSwish, 1.0f}, OpKind::kSwish, ir::SwishAttrs{1.0f}},
      {"swish_beta", {ActivationKind::kSwish, 1.7f}, OpKind::kSwish, ir::SwishAttrs{1.7f}},
  };
}

TEST(FusedActivation, MatchesTheUnaryOpsWithBiasAndResidual) {
  const int64_t n = 1003;  // odd: vector loop tails
  const Tensor x = RandomTensor(Shape{n}, 1, -9.0f, 9.0f);
  const Tensor sum = RandomTensor(Shape{n}, 2, -2.0f, 2.0f);
  const float bias = 0.375f;
  Tensor pre(DType::kFloat32, Shape{n});
  for (int64_t i = 0; i < n; ++i) pre.data<float>()[i] = x.data<float>()[i] + bias + sum.data<float>()[i];
  for (const ActCase& c : Cases()) {
    SCOPED_TRACE(c.name);
    OAR_ASSERT_OK_AND_ASSIGN(Tensor want, RunRef(c.kind, c.attrs, {&pre}));
    Tensor got = x.Clone();
    kernels::cpu::ApplyEpilogue(c.act, bias, sum.data<float>(), got.data<float>(), n);
    EXPECT_TRUE(TensorsNear(got, want, 1e-5, 1e-6));
    // Without residual and bias; and the single-value form.
    OAR_ASSERT_OK_AND_ASSIGN(Tensor want_x, RunRef(c.kind, c.attrs, {&x}));
    Tensor got_x = x.Clone();
    kernels::cpu::ApplyEpilogue(c.act, 0.0f, nullptr, got_x.data<float>(), n);
    EXPECT_TRUE(TensorsNear(got_x, want_x, 1e-5, 1e-6));
    EXPECT_NEAR(kernels::cpu::ActivationValue(c.act, x.data<float>()[7]), want_x.data<float>()[7], 1e-5);
  }
}

TEST(FusedActivation, WholeTensorFormWithThreadsAndNone) {
  const int64_t n = 100003;  // large enough to split over threads
  const Tensor x = RandomTensor(Shape{n}, 3, -5.0f, 5.0f);
  const ir::FusedActivation act{ActivationKind::kHardSwish, 6.0f, 6.0f, 3.0f};
  OAR_ASSERT_OK_AND_ASSIGN(Tensor want, RunRef(OpKind::kHardSwish, ir::HardSwishAttrs{}, {&x}));
  Tensor got = x.Clone();
  kernels::cpu::ApplyActivation(act, got.data<float>(), n, 3);
  EXPECT_TRUE(TensorsNear(got, want, 1e-6, 1e-6));
  Tensor same = x.Clone();
  kernels::cpu::ApplyActivation(ir::FusedActivation{}, same.data<float>(), n, 2);
  EXPECT_TRUE(TensorsNear(same, x, 0.0, 0.0));
}

}  // namespace
}  // namespace oar::testing
