// Reshape, Flatten, Squeeze, Unsqueeze, Identity: byte-exact copies for every element size, with
// shapes from attributes and from a ShapeTensor, and two threads on a large tensor.
#include <vector>

#include "elementwise_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

/// The input's bytes under another shape.
Tensor Reshaped(const Tensor& x, const Shape& shape) {
  Tensor t = x.Clone();
  t.ReshapeInPlace(shape);
  return t;
}

void Check(OpKind kind, ir::Attrs attrs, const Tensor& x, const Shape& expect, const Tensor* shape_input = nullptr,
           int threads = 1) {
  std::vector<const Tensor*> in{&x};
  if (shape_input) in.push_back(shape_input);
  auto r = RunRef(kind, std::move(attrs), in, 1, threads);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(SameBytes((*r)[0], Reshaped(x, expect))) << ir::OpKindName(kind) << " " << x.Describe();
}

TEST(ReshapeKernelTest, EveryDtypeIsCopied) {
  uint64_t seed = 1;
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kFloat64, DType::kInt8, DType::kUInt8, DType::kInt32,
                   DType::kInt64, DType::kBool}) {
    Tensor x = RandomOf(dt, Shape{2, 3, 1, 5}, ++seed, -100, 100);
    Check(OpKind::kReshape, ir::ReshapeAttrs{{0, -1, 5}}, x, Shape{2, 3, 5});
    Check(OpKind::kFlatten, ir::FlattenAttrs{1, -1}, x, Shape{2, 15});
    Check(OpKind::kSqueeze, ir::AxesAttrs{{}}, x, Shape{2, 3, 5});
    Check(OpKind::kUnsqueeze, ir::AxesAttrs{{0, -1}}, x, Shape{1, 2, 3, 1, 5, 1});
    Check(OpKind::kIdentity, ir::NoAttrs{}, x, Shape{2, 3, 1, 5});
  }
}

TEST(ReshapeKernelTest, ShapeTensorAndEdgeShapes) {
  Tensor x = RandomTensor(Shape{4, 6}, 10);
  for (DType sdt : {DType::kInt32, DType::kInt64}) {
    Tensor target = FromDoubles(sdt, Shape{3}, {2, -1, 3});
    Check(OpKind::kReshape, ir::ReshapeAttrs{{99}}, x, Shape{2, 4, 3}, &target);
  }
  Tensor s = RandomTensor(Shape{}, 11);
  Check(OpKind::kReshape, ir::ReshapeAttrs{{1, 1}}, s, Shape{1, 1});
  Check(OpKind::kFlatten, ir::FlattenAttrs{}, s, Shape{1});
  Tensor one = RandomTensor(Shape{1, 1}, 12);
  Check(OpKind::kSqueeze, ir::AxesAttrs{{}}, one, Shape{});
  Tensor empty = RandomTensor(Shape{0, 3}, 13);
  Check(OpKind::kReshape, ir::ReshapeAttrs{{3, -1}}, empty, Shape{3, 0});
  Tensor big = RandomTensor(Shape{16, 64, 129}, 14);
  Check(OpKind::kFlatten, ir::FlattenAttrs{0, 1}, big, Shape{1024, 129}, nullptr, 2);
}

}  // namespace
}  // namespace oar::testing
