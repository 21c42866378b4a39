#include "kernels/cpu/register_groups.h"

namespace oar::kernels::cpu {

void RegisterDetectionKernels(runtime::KernelRegistry& registry) { (void)registry; }

}  // namespace oar::kernels::cpu
