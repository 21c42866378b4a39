#include "kernels/cpu/onednn/onednn_common.h"
#include "kernels/cpu/register_groups.h"

namespace oar::kernels::cpu {

void RegisterOnednnKernels(runtime::KernelRegistry& registry) {
  onednn::RegisterConv2d(registry);
  onednn::RegisterMatMul(registry);
  onednn::RegisterPool2d(registry);
}

}  // namespace oar::kernels::cpu
