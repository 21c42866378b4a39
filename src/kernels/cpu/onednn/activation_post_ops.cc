#include "kernels/cpu/onednn/activation_post_ops.h"

namespace oar::kernels::cpu::onednn {

bool HasOnednnActivation(const ir::FusedActivation& act) {
  if (act.kind == ir::ActivationKind::kHardSwish) return act.alpha == 6.0f && act.beta == 6.0f && act.gamma == 3.0f;
  return true;
}

bool AppendActivation(const ir::FusedActivation& act, dnnl::post_ops* ops) {
  if (!HasOnednnActivation(act)) return false;
  using dnnl::algorithm;
  switch (act.kind) {
    case ir::ActivationKind::kNone:
      break;
    case ir::ActivationKind::kRelu:
      ops->append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
      break;
    case ir::ActivationKind::kLeakyRelu:
      ops->append_eltwise(1.0f, algorithm::eltwise_relu, act.alpha, 0.0f);
      break;
    case ir::ActivationKind::kClip:
      ops->append_eltwise(1.0f, algorithm::eltwise_clip, act.alpha, act.beta);
      break;
    case ir::ActivationKind::kSigmoid:
      ops->append_eltwise(1.0f, algorithm::eltwise_logistic, 0.0f, 0.0f);
      break;
    case ir::ActivationKind::kSwish:
      ops->append_eltwise(1.0f, algorithm::eltwise_swish, act.alpha, 0.0f);
      break;
    case ir::ActivationKind::kHardSigmoid:
      ops->append_eltwise(1.0f, algorithm::eltwise_linear, act.alpha, act.beta);
      ops->append_eltwise(1.0f, algorithm::eltwise_clip, 0.0f, 1.0f);
      break;
    case ir::ActivationKind::kHardSwish:
      ops->append_eltwise(1.0f, algorithm::eltwise_hardswish, 0.0f, 0.0f);
      break;
  }
  return true;
}

}  // namespace oar::kernels::cpu::onednn
