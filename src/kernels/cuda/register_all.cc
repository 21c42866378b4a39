#include "kernels/cuda/register_groups.h"

namespace oar::kernels::cuda {

void RegisterAll(runtime::KernelRegistry& registry) {
  RegisterConv2dKernels(registry);
  RegisterMatMulKernels(registry);
  RegisterMathKernels(registry);
  RegisterTensorKernels(registry);
}

}  // namespace oar::kernels::cuda
