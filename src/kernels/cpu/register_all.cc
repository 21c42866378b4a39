#include "kernels/cpu/register_groups.h"

namespace oar::kernels::cpu {

void RegisterAll(runtime::KernelRegistry& registry) {
  RegisterNnKernels(registry);
  RegisterElementwiseKernels(registry);
  RegisterTensorKernels(registry);
  RegisterDetectionKernels(registry);
#ifdef OAR_WITH_ONEDNN
  RegisterOnednnKernels(registry);
#endif
}

}  // namespace oar::kernels::cpu
