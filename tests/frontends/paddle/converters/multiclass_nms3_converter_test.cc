#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

testing::ProgramBuilder NmsProgram(bool with_index, bool with_rois_num) {
  testing::ProgramBuilder b;
  b.Feed("bboxes", {-1, 6, 4}, 0);
  b.Feed("scores", {-1, 3, 6}, 1);
  b.Var("out", testing::kFp32, {-1, 6});
  b.Var("index", testing::kInt32, {-1, 1});
  b.Var("num", testing::kInt32, {-1});
  testing::OpBuilder op = b.Op("multiclass_nms3").In("BBoxes", {"bboxes"}).In("Scores", {"scores"}).Out("Out", {"out"});
  if (with_index) op.Out("Index", {"index"});
  op.Out("NmsRoisNum", {"num"})
      .Float("score_threshold", 0.1f)
      .Int("nms_top_k", 1000)
      .Int("keep_top_k", 100)
      .Float("nms_threshold", 0.45f)
      .Bool("normalized", false)
      .Float("nms_eta", 1.0f)
      .Int("background_label", -1);
  if (with_rois_num) {
    b.Feed("rois", {-1}, 2, testing::kInt32);
    op.In("RoisNum", {"rois"});
  }
  b.Fetch("out", 0);
  b.Fetch("num", 1);
  return b;
}

TEST(MulticlassNms3ConverterTest, AttributesAndOutputs) {
  ir::Graph g = testing::ConvertOrDie(NmsProgram(false, false));
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kMulticlassNms);
  const auto& a = n.attr<ir::MulticlassNmsAttrs>();
  EXPECT_EQ(a.score_threshold, 0.1f);
  EXPECT_EQ(a.nms_top_k, 1000);
  EXPECT_EQ(a.keep_top_k, 100);
  EXPECT_EQ(a.nms_threshold, 0.45f);
  EXPECT_FALSE(a.normalized);
  EXPECT_EQ(a.background_label, -1);
  ASSERT_EQ(n.outputs.size(), 3u);
  EXPECT_EQ(n.outputs[0], g.outputs()[0]);
  EXPECT_EQ(g.value(n.outputs[1]).name, "out.index");  // Index is not exposed by this program
  EXPECT_EQ(n.outputs[2], g.outputs()[1]);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  // Two clearly separated boxes for class 1 and one overlapping duplicate that NMS removes.
  Tensor boxes = testing::Make<float>(
      Shape({1, 6, 4}), {0, 0, 10, 10, 0, 0, 10, 9, 20, 20, 30, 30, 50, 50, 60, 60, 70, 70, 80, 80, 90, 90, 95, 95});
  Tensor scores(DType::kFloat32, Shape({1, 3, 6}));
  scores.Zero();
  scores.data<float>()[6 + 0] = 0.9f;
  scores.data<float>()[6 + 1] = 0.8f;
  scores.data<float>()[6 + 2] = 0.7f;
  auto out = testing::RunGraph(g, {boxes, scores});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ((*out)[0].shape(), Shape({2, 6}));
  EXPECT_EQ((*out)[1].GetInt(0), 2);
  EXPECT_EQ((*out)[0].GetDouble(0), 1.0);  // label
  EXPECT_NEAR((*out)[0].GetDouble(1), 0.9, 1e-6);
}

TEST(MulticlassNms3ConverterTest, IndexOutputAndRoisNumRejected) {
  ir::Graph g = testing::ConvertOrDie(NmsProgram(true, false));
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kMulticlassNms);
  EXPECT_EQ(g.value(n.outputs[1]).name, "index");
  testing::ExpectConvertError(NmsProgram(false, true), ErrorCode::kUnsupported, {"input 'RoisNum'"});
}

}  // namespace
}  // namespace oar::frontends::paddle
