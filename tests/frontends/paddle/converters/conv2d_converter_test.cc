#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

// The conversion itself is tested in conv_common_test.cc; this checks the registration and the
// inferred output of a typical conv2d (3x3, stride 2, pad 1).
TEST(Conv2dConverterTest, RegisteredAndShapesLikePaddle) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 3, 224, 224});
  b.Weight("w", oar::testing::RandomTensor(Shape({32, 3, 3, 3}), 1));
  b.Var("y", testing::kFp32, {-1, 32, 112, 112});
  b.Op("conv2d")
      .In("Input", {"x"})
      .In("Filter", {"w"})
      .Out("Output", {"y"})
      .Ints("strides", {2, 2})
      .Ints("paddings", {1, 1});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "conv2d");
  testing::ExpectInferred(g, "y", DType::kFloat32, Shape({-1, 32, 112, 112}));
}

}  // namespace
}  // namespace oar::frontends::paddle
