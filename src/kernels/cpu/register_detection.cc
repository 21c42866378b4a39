#include "kernels/cpu/register_groups.h"

namespace oar::kernels::cpu {

void RegisterYoloBoxKernels(runtime::KernelRegistry& registry);        // yolo_box.cc
void RegisterMulticlassNmsKernels(runtime::KernelRegistry& registry);  // multiclass_nms.cc

void RegisterDetectionKernels(runtime::KernelRegistry& registry) {
  RegisterYoloBoxKernels(registry);
  RegisterMulticlassNmsKernels(registry);
}

}  // namespace oar::kernels::cpu
