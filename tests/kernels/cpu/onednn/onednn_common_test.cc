// Helpers shared by the oneDNN kernels.
#include "kernels/cpu/onednn/onednn_common.h"

#include <gtest/gtest.h>
#include <omp.h>

#include "test_util.h"

namespace oar::kernels::cpu::onednn {
namespace {

TEST(OnednnCommon, DimsAndStrides) {
  EXPECT_EQ(ToDims(Shape{2, 3, 5}), (dnnl::memory::dims{2, 3, 5}));
  EXPECT_EQ(DenseStrides({2, 3, 5}), (dnnl::memory::dims{15, 5, 1}));
  EXPECT_EQ(DenseStrides({7}), (dnnl::memory::dims{1}));
  EXPECT_EQ(DimsToString({4, 1, 9}), "[4,1,9]");
}

TEST(OnednnCommon, AllFloat32IgnoresAbsentInputs) {
  EXPECT_TRUE(AllFloat32({DType::kFloat32, DType::kUndefined, DType::kFloat32}));
  EXPECT_FALSE(AllFloat32({DType::kFloat32, DType::kFloat16}));
  EXPECT_FALSE(AllFloat32({}));
}

TEST(OnednnCommon, ScopedOmpThreadsRestores) {
  const int before = omp_get_max_threads();
  const int wanted = before == 1 ? 2 : 1;
  {
    ScopedOmpThreads scope(wanted);
    EXPECT_EQ(omp_get_max_threads(), wanted);
  }
  EXPECT_EQ(omp_get_max_threads(), before);
  {
    ScopedOmpThreads scope(0);  // 0 = leave as is
    EXPECT_EQ(omp_get_max_threads(), before);
  }
}

TEST(OnednnCommon, InputIsConstantUsesTheCallersFlags) {
  runtime::KernelContext ctx;
  EXPECT_TRUE(InputIsConstant(ctx, 1, true));
  EXPECT_FALSE(InputIsConstant(ctx, 1, false));
  ctx.constant_inputs = {false, true};
  EXPECT_TRUE(InputIsConstant(ctx, 1, false));
  EXPECT_FALSE(InputIsConstant(ctx, 0, true));
  EXPECT_TRUE(InputIsConstant(ctx, 2, true));  // beyond the list: unknown
}

// A reorder step built by MakeReorder transposes a 3x5 matrix when run through the C API.
TEST(OnednnCommon, ReorderStepWithUserScratchpad) {
  using dnnl::memory;
  const memory::desc from_md({3, 5}, memory::data_type::f32, memory::format_tag::ab);
  const memory::desc to_md({3, 5}, memory::data_type::f32, memory::format_tag::ba);
  Tensor src = testing::RandomTensor(Shape{3, 5}, 7);
  Tensor dst(DType::kFloat32, Shape{5, 3});
  memory from(from_md, CpuEngine(), DNNL_MEMORY_NONE), to(to_md, CpuEngine(), dst.raw_data());
  Scratchpad scratchpad;
  Step step = MakeReorder(from, to, &scratchpad);
  scratchpad.Allocate(CpuEngine());
  scratchpad.BindTo(&step);
  from.set_data_handle(src.raw_data());
  dnnl::stream stream(CpuEngine());
  ASSERT_EQ(
      dnnl_primitive_execute(step.primitive.get(), stream.get(), static_cast<int>(step.args.size()), step.args.data()),
      dnnl_success);
  stream.wait();
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 5; ++j) EXPECT_EQ(dst.data<float>()[j * 3 + i], src.data<float>()[i * 5 + j]);
  }
}

TEST(OnednnCommon, ScratchpadBindsOnlyWhenNeeded) {
  Scratchpad scratchpad;
  Step step;
  scratchpad.Allocate(CpuEngine());
  scratchpad.BindTo(&step);
  EXPECT_TRUE(step.args.empty());
}

TEST(OnednnCommon, PackedWeightCacheKeysOnDataPointerAndShape) {
  Tensor w = testing::RandomTensor(Shape{4, 6}, 11);
  Tensor other = testing::RandomTensor(Shape{4, 6}, 12);
  PackedWeightCache cache;
  EXPECT_FALSE(cache.Matches(w));
  EXPECT_FALSE(cache.HoldsShape(Shape{4, 6}));
  cache.Remember(w);
  EXPECT_TRUE(cache.Matches(w));
  EXPECT_FALSE(cache.Matches(other));
  EXPECT_TRUE(cache.HoldsShape(Shape{4, 6}));
  EXPECT_FALSE(cache.HoldsShape(Shape{6, 4}));
  w.ReshapeInPlace(Shape{6, 4});  // same data, another shape
  EXPECT_FALSE(cache.Matches(w));
  cache.Remember(w);
  EXPECT_TRUE(cache.Matches(w));
  cache.Invalidate();
  EXPECT_FALSE(cache.Matches(w));
  EXPECT_FALSE(cache.HoldsShape(Shape{6, 4}));
}

// PackedWeights::Prepare keeps the packed buffer only while the cache holds weights of that
// shape in that layout, and reads the weights as stored when the layouts agree.
TEST(OnednnCommon, PackedWeightsPrepareKeepsOrReplacesTheBuffer) {
  using dnnl::memory;
  const memory::desc user_md({3, 5}, memory::data_type::f32, memory::format_tag::ab);
  const memory::desc packed_md({3, 5}, memory::data_type::f32, memory::format_tag::ba);
  const Tensor w = testing::RandomTensor(Shape{3, 5}, 13);
  Scratchpad scratchpad;
  PackedWeights pw;
  pw.Prepare(user_md, packed_md, w.shape(), &scratchpad);
  ASSERT_TRUE(pw.reorders());
  EXPECT_EQ(pw.packed.get_desc(), packed_md);
  const dnnl_memory_t first = pw.packed.get();
  pw.Prepare(user_md, packed_md, w.shape(), &scratchpad);  // nothing packed yet: a new buffer
  EXPECT_NE(pw.packed.get(), first);
  pw.cache.Remember(w);
  const dnnl_memory_t kept = pw.packed.get();
  pw.Prepare(user_md, packed_md, w.shape(), &scratchpad);
  EXPECT_EQ(pw.packed.get(), kept);
  EXPECT_TRUE(pw.cache.Matches(w));
  pw.Prepare(user_md, packed_md, Shape{1, 3, 5}, &scratchpad);  // another shape: packed anew
  EXPECT_NE(pw.packed.get(), kept);
  EXPECT_FALSE(pw.cache.Matches(w));
  pw.cache.Remember(w);
  pw.Prepare(user_md, user_md, w.shape(), &scratchpad);  // read as stored
  EXPECT_FALSE(pw.reorders());
  EXPECT_EQ(pw.packed.get(), pw.user.get());
  EXPECT_FALSE(pw.cache.Matches(w));
}

bool AcceptsNothing(const ir::Node&, const std::vector<DType>&) { return false; }

TEST(OnednnCommon, RegisterOnednnKernelFillsTheDef) {
  runtime::KernelRegistry registry;
  RegisterOnednnKernel(
      registry, ir::OpKind::kRelu, []() -> std::unique_ptr<runtime::Kernel> { return nullptr; }, AcceptsNothing);
  const std::vector<const runtime::KernelDef*> defs = registry.KernelsFor(ir::OpKind::kRelu, runtime::DeviceType::kCpu);
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(defs[0]->name, "onednn");
  EXPECT_EQ(defs[0]->dtype, DType::kFloat32);
  EXPECT_EQ(defs[0]->priority, 10);
  EXPECT_EQ(defs[0]->accepts, &AcceptsNothing);
  EXPECT_EQ(defs[0]->factory(), nullptr);
}

}  // namespace
}  // namespace oar::kernels::cpu::onednn
