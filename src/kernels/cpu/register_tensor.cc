#include "kernels/cpu/register_groups.h"
#include "kernels/cpu/tensor_kernels.h"

namespace oar::kernels::cpu {

void RegisterTensorKernels(runtime::KernelRegistry& registry) {
  RegisterReshapeKernels(registry);
  RegisterTransposeKernels(registry);
  RegisterConcatKernels(registry);
  RegisterSplitKernels(registry);
  RegisterSliceKernels(registry);
  RegisterShapeKernels(registry);
  RegisterCastKernels(registry);
  RegisterFillKernels(registry);
}

}  // namespace oar::kernels::cpu
