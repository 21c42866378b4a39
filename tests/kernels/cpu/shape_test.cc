// Shape writes the input dims as i64, whatever the input dtype, for ranks 0 to 5.
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

TEST(ShapeKernelTest, DimsAsInt64) {
  uint64_t seed = 1;
  for (const Shape& s : {Shape{}, Shape{7}, Shape{2, 0, 3}, Shape{1, 3, 5, 1, 2}}) {
    for (DType dt : {DType::kFloat32, DType::kInt8, DType::kBool}) {
      Tensor x = RandomOf(dt, s, ++seed, 0, 1);
      auto r = RunRef(ir::OpKind::kShape, ir::NoAttrs{}, {&x});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      Tensor expect = MakeTensor<int64_t>(Shape{s.rank()}, s.dims().data());
      EXPECT_TRUE(SameBytes((*r)[0], expect)) << x.Describe();
    }
  }
}

}  // namespace
}  // namespace oar::testing
