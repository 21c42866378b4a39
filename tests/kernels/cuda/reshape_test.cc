// CUDA Reshape, Flatten, Squeeze, Unsqueeze and Identity against the CPU reference, byte-exact,
// for every element size (f32, f16, i64, i32, u8, bool): the data is copied unchanged whatever
// the shape; Reshape's ShapeTensor input only feeds shape inference. Empty and large tensors.
#include <string>
#include <vector>

#include "kernels/cuda/cuda_test_util.h"

namespace oar::testing {
namespace {

::testing::AssertionResult Exact(ir::OpKind kind, ir::Attrs attrs, std::vector<const Tensor*> in) {
  return CudaMatchesReference(kind, std::move(attrs), in, 1, DType::kFloat32, 0.0, 0.0);
}

TEST(CudaReshapeTest, EveryShapeOpEveryElementSize) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 1;
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kInt64, DType::kInt32, DType::kUInt8, DType::kBool}) {
    const Tensor x = RandomTensorOf(dt, Shape{3, 1, 5, 7}, ++seed);
    EXPECT_TRUE(Exact(ir::OpKind::kReshape, ir::ReshapeAttrs{{0, -1, 7}}, {&x})) << DTypeName(dt);
    EXPECT_TRUE(Exact(ir::OpKind::kFlatten, ir::FlattenAttrs{1, -1}, {&x})) << DTypeName(dt);
    EXPECT_TRUE(Exact(ir::OpKind::kSqueeze, ir::AxesAttrs{{1}}, {&x})) << DTypeName(dt);
    EXPECT_TRUE(Exact(ir::OpKind::kUnsqueeze, ir::AxesAttrs{{0, 3}}, {&x})) << DTypeName(dt);
    EXPECT_TRUE(Exact(ir::OpKind::kIdentity, ir::NoAttrs{}, {&x})) << DTypeName(dt);
  }
}

TEST(CudaReshapeTest, ShapeTensorInputEmptyAndLarge) {
  OAR_SKIP_WITHOUT_GPU();
  const Tensor x = RandomTensor(Shape{4, 33, 35, 17}, 11);
  const int64_t target[3] = {4, -1, 17};
  const Tensor shape = MakeTensor<int64_t>(Shape{3}, target);
  EXPECT_TRUE(Exact(ir::OpKind::kReshape, ir::ReshapeAttrs{}, {&x, &shape}));
  EXPECT_TRUE(Exact(ir::OpKind::kFlatten, ir::FlattenAttrs{0, 2}, {&x}));
  const Tensor empty = RandomTensor(Shape{2, 0, 3}, 12);
  EXPECT_TRUE(Exact(ir::OpKind::kReshape, ir::ReshapeAttrs{{3, 0, 2}}, {&empty}));
  EXPECT_TRUE(Exact(ir::OpKind::kIdentity, ir::NoAttrs{}, {&empty}));
  const Tensor h = RandomTensorOf(DType::kFloat16, Shape{5, 1, 1, 7}, 13);
  EXPECT_TRUE(Exact(ir::OpKind::kSqueeze, ir::AxesAttrs{{}}, {&h}));
}

}  // namespace
}  // namespace oar::testing
