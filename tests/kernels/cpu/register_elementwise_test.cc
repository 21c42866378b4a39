// Every elementwise / reduction kind has an f32 "ref" CPU kernel; the integer and f64 coverage
// documented in the kernel files is registered.
#include "kernels/cpu/elementwise_kernels.h"
#include "runtime/kernel.h"
#include "test_util.h"

namespace oar::kernels::cpu {
namespace {

bool HasRef(ir::OpKind kind, DType dtype) {
  for (const runtime::KernelDef* d : runtime::KernelRegistry::Global().KernelsFor(kind, runtime::DeviceType::kCpu)) {
    if (d->name == "ref" && d->priority == 0 && (d->dtype == dtype || d->dtype == DType::kUndefined)) return true;
  }
  return false;
}

TEST(RegisterElementwiseTest, RefKernelsForEveryKind) {
  using K = ir::OpKind;
  for (K k :
       {K::kRelu, K::kLeakyRelu, K::kSigmoid, K::kTanh,  K::kHardSigmoid, K::kHardSwish, K::kSwish,     K::kGelu,
        K::kClip, K::kExp,       K::kSqrt,    K::kScale, K::kAdd,         K::kSub,       K::kMul,       K::kDiv,
        K::kMax,  K::kMin,       K::kPow,     K::kSum,   K::kReduceMean,  K::kReduceSum, K::kReduceMax, K::kArgMax}) {
    EXPECT_TRUE(HasRef(k, DType::kFloat32)) << ir::OpKindName(k);
    EXPECT_TRUE(HasRef(k, DType::kFloat64)) << ir::OpKindName(k);
  }
  for (K k : {K::kAdd, K::kSub, K::kMul, K::kDiv, K::kMax, K::kMin, K::kSum, K::kRelu, K::kClip, K::kScale,
              K::kReduceSum, K::kReduceMax, K::kArgMax}) {
    EXPECT_TRUE(HasRef(k, DType::kInt32)) << ir::OpKindName(k);
    EXPECT_TRUE(HasRef(k, DType::kInt64)) << ir::OpKindName(k);
  }
  EXPECT_FALSE(HasRef(K::kSigmoid, DType::kInt32));
  EXPECT_FALSE(HasRef(K::kPow, DType::kInt64));
}

}  // namespace
}  // namespace oar::kernels::cpu
