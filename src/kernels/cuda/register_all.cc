#include "kernels/cuda/register_groups.h"

namespace oar::kernels::cuda {

void RegisterAll(runtime::KernelRegistry& registry) {
  RegisterConv2dKernels(registry);
  RegisterConv2dGraphKernels(registry);
  RegisterMatMulKernels(registry);
  RegisterMathKernels(registry);
  RegisterTensorKernels(registry);
}

}  // namespace oar::kernels::cuda
