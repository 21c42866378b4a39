// Which fused activations have an exact oneDNN 2.6 eltwise form, and what is appended for them.
#include "kernels/cpu/onednn/activation_post_ops.h"

#include <gtest/gtest.h>

namespace oar::kernels::cpu::onednn {
namespace {

using ir::ActivationKind;
using ir::FusedActivation;

int Appended(const FusedActivation& act, bool* ok) {
  dnnl::post_ops ops;
  *ok = AppendActivation(act, &ops);
  return ops.len();
}

TEST(ActivationPostOps, AppendsOneEltwisePerActivationAndTwoForHardSigmoid) {
  bool ok = false;
  EXPECT_EQ(Appended({ActivationKind::kNone}, &ok), 0);
  EXPECT_TRUE(ok);
  for (const FusedActivation& act :
       {FusedActivation{ActivationKind::kRelu}, FusedActivation{ActivationKind::kClip, 0.0f, 6.0f},
        FusedActivation{ActivationKind::kLeakyRelu, 0.1f}, FusedActivation{ActivationKind::kSigmoid},
        FusedActivation{ActivationKind::kSwish, 1.0f}, FusedActivation{ActivationKind::kHardSwish, 6.0f, 6.0f, 3.0f}}) {
    EXPECT_EQ(Appended(act, &ok), 1) << ir::ActivationKindName(act.kind);
    EXPECT_TRUE(ok);
  }
  EXPECT_EQ(Appended({ActivationKind::kHardSigmoid, 0.2f, 0.5f}, &ok), 2);
  EXPECT_TRUE(ok);
  dnnl::post_ops ops;
  AppendActivation({ActivationKind::kLeakyRelu, 0.3f}, &ops);
  float scale = 0, alpha = 0, beta = 0;
  dnnl::algorithm alg;
  ops.get_params_eltwise(0, scale, alg, alpha, beta);
  EXPECT_EQ(alg, dnnl::algorithm::eltwise_relu);
  EXPECT_FLOAT_EQ(alpha, 0.3f);
}

// oneDNN 2.6's hardswish is x * relu6(x + 3) / 6 without parameters: only Paddle's defaults map.
TEST(ActivationPostOps, HardSwishOnlyWithDefaultParameters) {
  EXPECT_TRUE(HasOnednnActivation({ActivationKind::kHardSwish, 6.0f, 6.0f, 3.0f}));
  EXPECT_FALSE(HasOnednnActivation({ActivationKind::kHardSwish, 6.0f, 5.0f, 3.0f}));
  EXPECT_FALSE(HasOnednnActivation({ActivationKind::kHardSwish, 4.0f, 6.0f, 3.0f}));
  EXPECT_FALSE(HasOnednnActivation({ActivationKind::kHardSwish, 6.0f, 6.0f, 2.0f}));
  bool ok = true;
  EXPECT_EQ(Appended({ActivationKind::kHardSwish, 6.0f, 6.0f, 2.0f}, &ok), 0);
  EXPECT_FALSE(ok);
}

}  // namespace
}  // namespace oar::kernels::cpu::onednn
