#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(StridedSliceConverterTest, StepsIncludingNegative) {
  testing::ProgramBuilder b;
  b.Feed("x", {7, 4});
  b.Var("y", testing::kFp32, {3, 2});
  b.Op("strided_slice")
      .In("Input", {"x"})
      .Out("Out", {"y"})
      .Ints("axes", {0, 1})
      .Ints("starts", {-1, 0})
      .Ints("ends", {0, 4})
      .Ints("strides", {-2, 3})
      .Ints("infer_flags", {1, 1});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kSlice).attr<ir::SliceAttrs>();
  EXPECT_EQ(a.steps, (std::vector<int64_t>{-2, 3}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({7, 4}), 1);
  Tensor want(DType::kFloat32, Shape({3, 2}));
  const int rows[] = {6, 4, 2}, cols[] = {0, 3};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j) want.data<float>()[i * 2 + j] = x.data<float>()[rows[i] * 4 + cols[j]];
  testing::ExpectGraphOutputs(g, {x}, {want});
}

TEST(StridedSliceConverterTest, ZeroOrRuntimeStridesAreErrors) {
  testing::ProgramBuilder b;
  b.Feed("x", {7});
  b.Var("y", testing::kFp32, {7});
  b.Op("strided_slice")
      .In("Input", {"x"})
      .Out("Out", {"y"})
      .Ints("axes", {0})
      .Ints("starts", {0})
      .Ints("ends", {7})
      .Ints("strides", {0});
  b.Fetch("y");
  testing::ExpectConvertError(b, ErrorCode::kInvalidGraph, {"'strides' [0] contains 0"});
  testing::ProgramBuilder r;
  r.Feed("x", {7}, 0);
  r.Feed("s", {1}, 1, testing::kInt32);
  r.Var("y", testing::kFp32, {7});
  r.Op("strided_slice")
      .In("Input", {"x"})
      .In("StridesTensor", {"s"})
      .Out("Out", {"y"})
      .Ints("axes", {0})
      .Ints("starts", {0})
      .Ints("ends", {7});
  r.Fetch("y");
  testing::ExpectConvertError(r, ErrorCode::kUnsupported, {"strides given by a run-time tensor"});
}

}  // namespace
}  // namespace oar::frontends::paddle
