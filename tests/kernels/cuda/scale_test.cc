// The CUDA Scale kernel against the CPU reference: both bias orders, a ScaleTensor input that
// overrides the attribute (read on the device), integer tensors computed in f64 and truncated, and
// the `accepts` answers for ScaleTensor dtypes (no GPU needed).
#include "kernels/cuda/scale.h"

#include <string>

#include "math_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using kernels::cuda::LaunchScale;

TEST(CudaScaleTest, BothBiasOrdersMatchReference) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 300;
  for (const Shape& s : {Shape{2, 17, 5, 3}, Shape{70003}, Shape{1, 3, 7, 9}, Shape{0, 4}}) {
    const Tensor x = RandomTensor(s, ++seed, -3.0f, 3.0f);
    ExpectCudaMatchesF32AndF16(OpKind::kScale, ir::ScaleAttrs{1.7f, -0.45f, true}, {&x}, "after " + s.ToString());
    ExpectCudaMatchesF32AndF16(OpKind::kScale, ir::ScaleAttrs{-0.6f, 0.8f, false}, {&x}, "before " + s.ToString());
  }
}

TEST(CudaScaleTest, ScaleTensorReplacesTheAttribute) {
  OAR_SKIP_WITHOUT_GPU();
  const Tensor x = RandomTensor(Shape{3, 11, 13}, 31, -2.0f, 2.0f);
  const float scale_value = 2.75f;  // exact in f16 as well
  const Tensor s32 = MakeTensor<float>(Shape{1}, &scale_value);
  ExpectCudaMatchesF32AndF16(OpKind::kScale, ir::ScaleAttrs{-9.0f, 0.25f, true}, {&x, &s32}, "f32 ScaleTensor");
  const int64_t scale_int = -3;
  const Tensor s64 = MakeTensor<int64_t>(Shape{1}, &scale_int);
  ExpectCudaMatchesF32AndF16(OpKind::kScale, ir::ScaleAttrs{5.0f, 0.5f, false}, {&x, &s64}, "i64 ScaleTensor");
  const double scale_double = 0.3;
  const Tensor s_f64 = MakeTensor<double>(Shape{1}, &scale_double);
  EXPECT_TRUE(CudaMatchesReference(OpKind::kScale, ir::ScaleAttrs{1.0f, 0.1f, true}, {&x, &s_f64}));
}

TEST(CudaScaleTest, IntegerTensorsTruncateAsTheReference) {
  OAR_SKIP_WITHOUT_GPU();
  for (DType t : {DType::kInt32, DType::kInt64}) {
    const Tensor x = RandomIntTensor(t, Shape{5, 7, 2003}, 41, -1000, 1000);
    EXPECT_TRUE(CudaMatchesReference(OpKind::kScale, ir::ScaleAttrs{0.37f, 2.5f, true}, {&x})) << DTypeName(t);
    EXPECT_TRUE(CudaMatchesReference(OpKind::kScale, ir::ScaleAttrs{-1.3f, -0.7f, false}, {&x})) << DTypeName(t);
    const float scale_value = 0.5f;
    const Tensor s = MakeTensor<float>(Shape{1}, &scale_value);
    EXPECT_TRUE(CudaMatchesReference(OpKind::kScale, ir::ScaleAttrs{3.0f, 1.0f, true}, {&x, &s})) << DTypeName(t);
  }
}

TEST(CudaScaleTest, AcceptsOnlyScaleTensorDTypesTheKernelReads) {
  const ir::Node node = MathNode(OpKind::kScale, ir::ScaleAttrs{}, 2);
  const std::vector<const runtime::KernelDef*> defs = CudaMathDefs(OpKind::kScale);
  ASSERT_EQ(defs.size(), 4u);  // f32, f16, i32, i64
  for (const runtime::KernelDef* d : defs) {
    ASSERT_NE(d->accepts, nullptr);
    EXPECT_EQ(d->layout, runtime::KernelDef::Layout::kAgnostic);
    EXPECT_TRUE(d->accepts(node, {DType::kFloat32}));
    EXPECT_TRUE(d->accepts(node, {DType::kFloat32, DType::kUndefined}));
    for (DType ok : {DType::kFloat32, DType::kFloat16, DType::kFloat64, DType::kInt32, DType::kInt64}) {
      EXPECT_TRUE(d->accepts(node, {DType::kFloat16, ok})) << DTypeName(ok);
    }
    for (DType bad : {DType::kInt8, DType::kUInt8, DType::kInt16, DType::kBFloat16}) {
      EXPECT_FALSE(d->accepts(node, {DType::kFloat32, bad})) << DTypeName(bad);
    }
    EXPECT_FALSE(d->accepts(node, {DType::kFloat64}));
  }
  EXPECT_FALSE(CudaKernelTakes(OpKind::kScale, ir::ScaleAttrs{}, {DType::kFloat64}));
  EXPECT_TRUE(CudaKernelTakes(OpKind::kScale, ir::ScaleAttrs{}, {DType::kInt64, DType::kFloat32}));
}

TEST(CudaScaleTest, LaunchRefusesAnUnreadableScaleTensor) {
  int dummy = 0;
  Status s = LaunchScale(nullptr, DType::kFloat32, nullptr, nullptr, 8, 1.0f, 0.0f, true, &dummy, DType::kInt8,
                         "op 's' (scale): ");
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("input #1 (ScaleTensor)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("i8"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace oar::testing
