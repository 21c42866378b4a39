#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

// Size rules are tested in interp_common_test.cc; this checks the registration, the mode and
// the list `scale` attribute of `nearest_interp_v2`.
TEST(NearestInterpV2ConverterTest, ModeAndScale) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 2, 4, 6});
  b.Var("y", testing::kFp32, {-1, 2, 8, 18});
  testing::OpBuilder op = b.Op("nearest_interp_v2").In("X", {"x"}).Out("Out", {"y"}).Bool("align_corners", false);
  op.Floats("scale", {2.0f, 3.0f});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kResize).attr<ir::ResizeAttrs>();
  EXPECT_EQ(a.mode, ir::ResizeMode::kNearest);
  EXPECT_EQ(a.scale_h, 2.0f);
  EXPECT_EQ(a.scale_w, 3.0f);
  EXPECT_FALSE(a.align_corners);
  testing::ExpectInferred(g, "y", DType::kFloat32, Shape({-1, 2, 8, 18}));
}

}  // namespace
}  // namespace oar::frontends::paddle
