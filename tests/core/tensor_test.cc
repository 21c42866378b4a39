#include "core/tensor.h"

#include <cmath>
#include <cstdint>

#include "test_util.h"

namespace oar {
namespace {

TEST(ShapeTest, Basics) {
  Shape s{2, kUnknownDim, 4};
  EXPECT_FALSE(s.IsStatic());
  EXPECT_EQ(s.NumElements(), -1);
  EXPECT_EQ(s.ToString(), "[2,?,4]");
  Shape t{2, 3, 4};
  EXPECT_EQ(t.NumElements(), 24);
  EXPECT_EQ(Shape{}.NumElements(), 1);
  int axis = 0;
  EXPECT_TRUE(NormalizeAxis(-1, 3, &axis));
  EXPECT_EQ(axis, 2);
  EXPECT_FALSE(NormalizeAxis(3, 3, &axis));
}

TEST(TensorTest, AlignedAndShared) {
  Tensor t(DType::kFloat32, {3, 5});
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.raw_data()) % kCpuAlignment, 0u);
  EXPECT_EQ(t.nbytes(), 60u);
  Tensor view = t;
  t.data<float>()[7] = 2.5f;
  EXPECT_EQ(view.data<float>()[7], 2.5f);
  Tensor deep = t.Clone();
  t.data<float>()[7] = 1.0f;
  EXPECT_EQ(deep.data<float>()[7], 2.5f);
  EXPECT_EQ(t.Describe(), "f32[3,5]");
}

TEST(DTypeTest, SizesNamesAndHalf) {
  EXPECT_EQ(DTypeSize(DType::kFloat16), 2u);
  EXPECT_EQ(DTypeSize(DType::kInt64), 8u);
  DType d;
  EXPECT_TRUE(ParseDType("float32", &d));
  EXPECT_EQ(d, DType::kFloat32);
  EXPECT_FALSE(ParseDType("complex", &d));
  for (float f : {0.0f, 1.0f, -2.5f, 65504.0f, 6.1035156e-05f, 5.9604645e-08f, 0.333f}) {
    float back = HalfToFloat(FloatToHalf(f));
    EXPECT_NEAR(back, f, std::fabs(f) * 1e-3 + 1e-8) << f;
  }
  EXPECT_TRUE(std::isinf(HalfToFloat(FloatToHalf(1e6f))));
  EXPECT_NEAR(BFloat16ToFloat(FloatToBFloat16(3.14159f)), 3.14159f, 0.02);
}

}  // namespace
}  // namespace oar
