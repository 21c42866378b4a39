// RegisterOnednnKernels adds the three fast paths with the agreed name, priority and dtype.
#include <gtest/gtest.h>

#include "kernels/cpu/register_groups.h"

namespace oar::kernels::cpu {
namespace {

TEST(RegisterOnednn, RegistersConvMatMulPool) {
  runtime::KernelRegistry registry;
  RegisterOnednnKernels(registry);
  for (ir::OpKind kind : {ir::OpKind::kConv2d, ir::OpKind::kMatMul, ir::OpKind::kPool2d}) {
    std::vector<const runtime::KernelDef*> defs = registry.KernelsFor(kind, runtime::DeviceType::kCpu);
    ASSERT_EQ(defs.size(), 1u) << ir::OpKindName(kind);
    EXPECT_EQ(defs[0]->name, "onednn");
    EXPECT_EQ(defs[0]->priority, 10);
    EXPECT_EQ(defs[0]->dtype, DType::kFloat32);
    EXPECT_NE(defs[0]->accepts, nullptr);
    EXPECT_NE(defs[0]->factory(), nullptr);
  }
  EXPECT_TRUE(registry.KernelsFor(ir::OpKind::kRelu, runtime::DeviceType::kCpu).empty());
}

}  // namespace
}  // namespace oar::kernels::cpu
