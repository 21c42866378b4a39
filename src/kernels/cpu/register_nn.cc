#include "kernels/cpu/nn_kernels.h"
#include "kernels/cpu/register_groups.h"

namespace oar::kernels::cpu {

void RegisterNnKernels(runtime::KernelRegistry& registry) {
  RegisterConv2dKernels(registry);
  RegisterBatchNormKernels(registry);
  RegisterLayerNormKernels(registry);
  RegisterPool2dKernels(registry);
  RegisterMatMulKernels(registry);
  RegisterSoftmaxKernels(registry);
  RegisterLrnKernels(registry);
  RegisterResizeKernels(registry);
  RegisterPadKernels(registry);
}

}  // namespace oar::kernels::cpu
