// Fill: every dtype, shape from the attribute or a ShapeTensor, value converted by the Cast rules.
#include <cmath>
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

TEST(FillKernelTest, EveryDtype) {
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kBFloat16, DType::kFloat64, DType::kInt8, DType::kUInt8,
                   DType::kInt16, DType::kInt32, DType::kInt64, DType::kBool}) {
    auto r = RunRef(ir::OpKind::kFill, ir::FillAttrs{{3, 5}, -2.75, dt}, {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const double expect = dt == DType::kBool ? 1.0 : IsFloating(dt) ? -2.75 : dt == DType::kUInt8 ? 0.0 : -2.0;
    EXPECT_TRUE(TensorsNear((*r)[0], FromDoubles(dt, Shape{3, 5}, std::vector<double>(15, expect)), 0, 0))
        << DTypeName(dt);
  }
}

TEST(FillKernelTest, ShapeTensorScalarAndEmpty) {
  Tensor shape = FromDoubles(DType::kInt32, Shape{3}, {2, 1, 4});
  auto r = RunRef(ir::OpKind::kFill, ir::FillAttrs{{7}, 0.5, DType::kFloat32}, {&shape});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(TensorsNear((*r)[0], FromDoubles(DType::kFloat32, Shape{2, 1, 4}, std::vector<double>(8, 0.5))));
  auto s = RunRef(ir::OpKind::kFill, ir::FillAttrs{{}, 9.0, DType::kInt64}, {});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(TensorsNear((*s)[0], FromDoubles(DType::kInt64, Shape{}, {9})));
  auto e = RunRef(ir::OpKind::kFill, ir::FillAttrs{{0, 3}, 1.0, DType::kFloat32}, {});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)[0].shape(), (Shape{0, 3}));
  auto big = RunRef(ir::OpKind::kFill, ir::FillAttrs{{1000, 1001}, 3.0, DType::kFloat32}, {}, 1, 2);
  ASSERT_TRUE(big.ok());
  EXPECT_TRUE(TensorsNear((*big)[0], FromDoubles(DType::kFloat32, Shape{1000, 1001}, std::vector<double>(1001000, 3))));
}

}  // namespace
}  // namespace oar::testing
