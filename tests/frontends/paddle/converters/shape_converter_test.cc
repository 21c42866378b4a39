#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(ShapeConverterTest, Int32DimsThroughShapeAndCast) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 3, 5});
  b.Var("s", testing::kInt32, {3});
  b.Op("shape").In("Input", {"x"}).Out("Out", {"s"});
  b.Fetch("s");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "shape,cast");
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kCast).attr<ir::CastAttrs>().to, DType::kInt32);
  EXPECT_EQ(g.value(g.outputs()[0]).name, "s");
  ir::Graph inferred = testing::ConvertOrDie(b);
  testing::ExpectInferred(inferred, "s", DType::kInt32, Shape({3}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  testing::ExpectGraphOutputs(g, {oar::testing::RandomTensor(Shape({2, 3, 5}), 1)},
                              {testing::Make<int32_t>(Shape({3}), {2, 3, 5})});
}

TEST(ShapeConverterTest, Int64WhenTheVarDescSaysSo) {
  testing::ProgramBuilder b;
  b.Feed("x", {4});
  b.Var("s", testing::kInt64, {1});
  b.Op("shape").In("Input", {"x"}).Out("Out", {"s"});
  b.Fetch("s");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "shape");
}

}  // namespace
}  // namespace oar::frontends::paddle
