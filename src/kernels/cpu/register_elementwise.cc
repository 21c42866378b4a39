#include "kernels/cpu/elementwise_kernels.h"
#include "kernels/cpu/register_groups.h"

namespace oar::kernels::cpu {

void RegisterElementwiseKernels(runtime::KernelRegistry& registry) {
  RegisterUnaryKernels(registry);
  RegisterBinaryKernels(registry);
  RegisterSumKernels(registry);
  RegisterReduceKernels(registry);
  RegisterArgMaxKernels(registry);
}

}  // namespace oar::kernels::cpu
