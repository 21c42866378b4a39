// Every tensor-manipulation kind has a dtype-generic "ref" CPU kernel.
#include "kernels/cpu/tensor_kernels.h"
#include "runtime/kernel.h"
#include "test_util.h"

namespace oar::kernels::cpu {
namespace {

TEST(RegisterTensorTest, GenericRefKernelForEveryKind) {
  using K = ir::OpKind;
  for (K k : {K::kReshape, K::kFlatten, K::kTranspose, K::kSqueeze, K::kUnsqueeze, K::kConcat, K::kSplit, K::kStack,
              K::kSlice, K::kShape, K::kCast, K::kIdentity, K::kFill}) {
    bool found = false;
    for (const runtime::KernelDef* d : runtime::KernelRegistry::Global().KernelsFor(k, runtime::DeviceType::kCpu)) {
      found = found || (d->name == "ref" && d->priority == 0 && d->dtype == DType::kUndefined);
    }
    EXPECT_TRUE(found) << ir::OpKindName(k);
  }
}

}  // namespace
}  // namespace oar::kernels::cpu
