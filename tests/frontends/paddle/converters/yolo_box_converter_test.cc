#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

testing::ProgramBuilder YoloProgram(const std::vector<int32_t>& anchors, int class_num) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 3 * (5 + class_num), 10, 10}, 0);
  b.Feed("img", {-1, 2}, 1, testing::kInt32);
  b.Var("boxes", testing::kFp32, {-1, 300, 4});
  b.Var("scores", testing::kFp32, {-1, 300, class_num});
  b.Op("yolo_box")
      .In("X", {"x"})
      .In("ImgSize", {"img"})
      .Out("Boxes", {"boxes"})
      .Out("Scores", {"scores"})
      .Ints("anchors", anchors)
      .Int("class_num", class_num)
      .Float("conf_thresh", 0.005f)
      .Int("downsample_ratio", 32)
      .Bool("clip_bbox", true)
      .Float("scale_x_y", 1.05f)
      .Bool("iou_aware", false)
      .Float("iou_aware_factor", 0.5f);
  b.Fetch("boxes", 0);
  b.Fetch("scores", 1);
  return b;
}

TEST(YoloBoxConverterTest, AttributesAndTwoOutputs) {
  ir::Graph g = testing::ConvertOrDie(YoloProgram({220, 125, 128, 222, 264, 266}, 13));
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kYoloBox);
  const auto& a = n.attr<ir::YoloBoxAttrs>();
  EXPECT_EQ(a.anchors, (std::vector<int64_t>{220, 125, 128, 222, 264, 266}));
  EXPECT_EQ(a.class_num, 13);
  EXPECT_EQ(a.conf_thresh, 0.005f);
  EXPECT_EQ(a.downsample_ratio, 32);
  EXPECT_TRUE(a.clip_bbox);
  EXPECT_EQ(a.scale_x_y, 1.05f);
  EXPECT_FALSE(a.iou_aware);
  EXPECT_EQ(n.inputs, g.inputs());
  EXPECT_EQ(n.outputs, g.outputs());
  testing::ExpectInferred(g, "scores", DType::kFloat32, Shape({-1, 300, 13}));
  EXPECT_EQ(g.value(g.FindValue("boxes")).shape, Shape({-1, 300, 4}));
}

TEST(YoloBoxConverterTest, BadAnchors) {
  testing::ExpectConvertError(YoloProgram({10, 15, 24}, 2), ErrorCode::kInvalidGraph,
                              {"'yolo_box'", "'anchors' must hold (w, h) pairs, got [10,15,24]"});
}

}  // namespace
}  // namespace oar::frontends::paddle
