#include "kernels/cpu/register_groups.h"

namespace oar::kernels::cpu {

void RegisterElementwiseKernels(runtime::KernelRegistry& registry) { (void)registry; }

}  // namespace oar::kernels::cpu
