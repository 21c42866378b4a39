// Data movement and pooling kernels of kernels/cuda, one file per op family.
#include "kernels/cuda/concat.h"
#include "kernels/cuda/pad.h"
#include "kernels/cuda/pool2d.h"
#include "kernels/cuda/register_groups.h"
#include "kernels/cuda/reshape.h"
#include "kernels/cuda/resize.h"
#include "kernels/cuda/slice.h"
#include "kernels/cuda/split.h"
#include "kernels/cuda/transpose.h"

namespace oar::kernels::cuda {

void RegisterTensorKernels(runtime::KernelRegistry& registry) {
  RegisterPool2dKernels(registry);
  RegisterConcatKernels(registry);  // Concat and Stack
  RegisterSplitKernels(registry);
  RegisterTransposeKernels(registry);
  RegisterSliceKernels(registry);
  RegisterPadKernels(registry);
  RegisterResizeKernels(registry);
  RegisterReshapeKernels(registry);  // Reshape, Flatten, Squeeze, Unsqueeze, Identity
}

}  // namespace oar::kernels::cuda
