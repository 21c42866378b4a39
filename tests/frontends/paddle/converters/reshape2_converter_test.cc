#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(Reshape2ConverterTest, ShapeAttributeWithZeroAndMinusOne) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 4, 6});
  b.Var("y", testing::kFp32, {-1, 4, 2, 3});
  b.Var("xshape", testing::kFp32, {0, -1, 4, 6});
  b.Op("reshape2").In("X", {"x"}).Out("Out", {"y"}).Out("XShape", {"xshape"}).Ints("shape", {0, 0, -1, 3});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kReshape);
  EXPECT_EQ(n.attr<ir::ReshapeAttrs>().shape, (std::vector<int64_t>{0, 0, -1, 3}));
  EXPECT_EQ(n.inputs.size(), 1u);
  EXPECT_EQ(g.FindValue("xshape"), ir::kNoValue);
  testing::ExpectInferred(g, "y", DType::kFloat32, Shape({-1, 4, 2, 3}));
}

TEST(Reshape2ConverterTest, ConstantShapeTensorListIsFolded) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 6});
  b.Weight("d0", testing::Make<int32_t>(Shape({1}), {3}));
  b.Weight("d1", testing::Make<int64_t>(Shape({1}), {4}));
  b.Var("y", testing::kFp32, {3, 4});
  b.Op("reshape2").In("X", {"x"}).In("ShapeTensor", {"d0", "d1"}).Out("Out", {"y"}).Ints("shape", {-1, -1});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kReshape);
  EXPECT_EQ(n.attr<ir::ReshapeAttrs>().shape, (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(n.inputs.size(), 1u);
}

// The ppocr-cls pattern: shape -> slice (decrease) per dim -> reshape2 ShapeTensor list.
TEST(Reshape2ConverterTest, RuntimeShapeTensorListIsJoined) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 5, 1, 1});
  b.Var("s", testing::kInt32, {4});
  b.Var("n", testing::kInt32, {1});
  b.Var("c", testing::kInt32, {1});
  b.Var("y", testing::kFp32, {-1, -1});
  b.Op("shape").In("Input", {"x"}).Out("Out", {"s"});
  b.Op("slice")
      .In("Input", {"s"})
      .Out("Out", {"n"})
      .Ints("axes", {0})
      .Ints("starts", {0})
      .Ints("ends", {1})
      .Ints("decrease_axis", {0});
  b.Op("slice")
      .In("Input", {"s"})
      .Out("Out", {"c"})
      .Ints("axes", {0})
      .Ints("starts", {1})
      .Ints("ends", {2})
      .Ints("decrease_axis", {0});
  b.Op("reshape2").In("X", {"x"}).In("ShapeTensor", {"n", "c"}).Out("Out", {"y"}).Ints("shape", {-1, -1});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "shape,cast,slice,slice,cast,cast,concat,reshape");
  const ir::Node& r = testing::OnlyNode(g, ir::OpKind::kReshape);
  ASSERT_EQ(r.inputs.size(), 2u);
  EXPECT_EQ(g.node(g.value(r.inputs[1]).producer).kind, ir::OpKind::kConcat);
  ir::Graph inferred = testing::ConvertOrDie(b);
  testing::ExpectInferred(inferred, "n", DType::kInt32, Shape({1}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({3, 5, 1, 1}), 1);
  Tensor want = x.Clone();
  want.ReshapeInPlace(Shape({3, 5}));
  testing::ExpectGraphOutputs(g, {x}, {want});
}

TEST(Reshape2ConverterTest, ShapeInputAndOldReshape) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 6}, 0);
  b.Feed("shp", {2}, 1, testing::kInt32);
  b.Var("y", testing::kFp32, {-1, -1});
  b.Op("reshape").In("X", {"x"}).In("Shape", {"shp"}).Out("Out", {"y"}).Ints("shape", {12});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kReshape);
  ASSERT_EQ(n.inputs.size(), 2u);
  EXPECT_EQ(n.inputs[1], g.inputs()[1]);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 6}), 2);
  Tensor want = x.Clone();
  want.ReshapeInPlace(Shape({4, 3}));
  testing::ExpectGraphOutputs(g, {x, testing::Make<int32_t>(Shape({2}), {4, 3})}, {want});
}

TEST(Reshape2ConverterTest, NoTargetIsAnError) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 6});
  b.Var("y", testing::kFp32, {12});
  b.Op("reshape2").In("X", {"x"}).Out("Out", {"y"});
  b.Fetch("y");
  testing::ExpectConvertError(b, ErrorCode::kInvalidGraph, {"'reshape2'", "no target shape"});
}

}  // namespace
}  // namespace oar::frontends::paddle
