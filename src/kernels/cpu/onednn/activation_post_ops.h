// Fused activations (ir::FusedActivation) as oneDNN 2.6 eltwise post-ops, for the conv2d and
// matmul fast paths. An activation oneDNN cannot compute exactly as we define it is not
// appended; the kernel then applies it after the primitive with kernels::cpu::ApplyActivation.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include "ir/attrs.h"

namespace oar::kernels::cpu::onednn {

/// True when `act` has an exact oneDNN 2.6 eltwise form (kNone: trivially true):
///   relu -> eltwise_relu(0); leaky_relu -> eltwise_relu(alpha); clip -> eltwise_clip(min, max);
///   sigmoid -> eltwise_logistic; swish -> eltwise_swish(beta);
///   hard_sigmoid -> eltwise_linear(slope, offset) then eltwise_clip(0, 1);
///   hard_swish -> eltwise_hardswish only for threshold 6, scale 6, offset 3: oneDNN 2.6 computes
///   x * relu6(x + 3) / 6 with no parameters, Paddle's form is x * clip(x + offset, 0, threshold) / scale.
bool HasOnednnActivation(const ir::FusedActivation& act);

/// Appends the eltwise post-op(s) of `act` to `ops`; returns false (and appends nothing) when
/// HasOnednnActivation(act) is false. kNone appends nothing and returns true.
bool AppendActivation(const ir::FusedActivation& act, dnnl::post_ops* ops);

}  // namespace oar::kernels::cpu::onednn
