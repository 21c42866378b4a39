// Tests of the detection schemas: YoloBox static shapes and unknown dims, MulticlassNms
// data-dependent outputs, and their validation errors.
#include <string>
#include <vector>

#include "ir/op_schema.h"
#include "test_util.h"

namespace oar::ir {
namespace {

InputInfo Info(DType dtype, Shape shape) {
  InputInfo info;
  info.present = true;
  info.dtype = dtype;
  info.shape = std::move(shape);
  return info;
}

Node MakeNode(OpKind kind, Attrs attrs, int num_outputs) {
  Node node;
  node.name = "det";
  node.kind = kind;
  node.attrs = std::move(attrs);
  node.inputs = {0, 1};
  node.outputs.assign(static_cast<size_t>(num_outputs), 0);
  return node;
}

// Runs the schema of node.kind; returns the outputs or the error.
StatusOr<std::vector<OutputInfo>> Infer(const Node& node, std::vector<InputInfo> inputs) {
  const OpSchema* schema = FindSchema(node.kind);
  if (!schema) return Internal("no schema");
  InferContext ctx(node, std::move(inputs), node.outputs.size());
  OAR_RETURN_IF_ERROR(schema->infer(ctx));
  return ctx.outputs();
}

YoloBoxAttrs ThreeAnchors(int64_t class_num) {
  YoloBoxAttrs a;
  a.anchors = {10, 13, 16, 30, 33, 23};
  a.class_num = class_num;
  return a;
}

void ExpectError(const StatusOr<std::vector<OutputInfo>>& r, const std::string& substring) {
  ASSERT_FALSE(r.ok()) << "expected an error containing: " << substring;
  EXPECT_NE(r.status().message().find(substring), std::string::npos) << r.status().message();
}

TEST(DetectionSchemasTest, SchemasAreRegistered) {
  const OpSchema* yolo = FindSchema(OpKind::kYoloBox);
  ASSERT_NE(yolo, nullptr);
  EXPECT_EQ(yolo->min_inputs, 2);
  EXPECT_EQ(yolo->num_outputs, 2);
  EXPECT_FALSE(yolo->data_dependent_output);
  const OpSchema* nms = FindSchema(OpKind::kMulticlassNms);
  ASSERT_NE(nms, nullptr);
  EXPECT_EQ(nms->num_outputs, 3);
  EXPECT_TRUE(nms->data_dependent_output);
}

TEST(DetectionSchemasTest, YoloBoxStaticShapes) {
  Node node = MakeNode(OpKind::kYoloBox, ThreeAnchors(80), 2);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<OutputInfo> out,
                           Infer(node, {Info(DType::kFloat32, Shape{2, 255, 13, 11}),
                                        Info(DType::kInt32, Shape{2, 2})}));
  EXPECT_EQ(out[0].dtype, DType::kFloat32);
  EXPECT_EQ(out[0].shape, (Shape{2, 3 * 13 * 11, 4}));
  EXPECT_EQ(out[1].dtype, DType::kFloat32);
  EXPECT_EQ(out[1].shape, (Shape{2, 3 * 13 * 11, 80}));
}

TEST(DetectionSchemasTest, YoloBoxIouAwareChannels) {
  YoloBoxAttrs a = ThreeAnchors(4);
  a.iou_aware = true;
  Node node = MakeNode(OpKind::kYoloBox, a, 2);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<OutputInfo> out, Infer(node, {Info(DType::kFloat32, Shape{1, 30, 5, 5}),
                                                                     Info(DType::kInt64, Shape{1, 2})}));
  EXPECT_EQ(out[1].shape, (Shape{1, 75, 4}));
  // 27 = 3 * (5 + 4) channels is the layout without the IoU channels.
  ExpectError(Infer(node, {Info(DType::kFloat32, Shape{1, 27, 5, 5}), Info(DType::kInt32, Shape{1, 2})}),
              "input #0: expected 30 channels (3 anchors * (6 + class_num 4))");
}

TEST(DetectionSchemasTest, YoloBoxUnknownDimsPropagate) {
  Node node = MakeNode(OpKind::kYoloBox, ThreeAnchors(2), 2);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<OutputInfo> out,
                           Infer(node, {Info(DType::kFloat32, Shape{kUnknownDim, 21, kUnknownDim, 7}),
                                        Info(DType::kInt32, Shape{kUnknownDim, 2})}));
  EXPECT_EQ(out[0].shape, (Shape{kUnknownDim, kUnknownDim, 4}));
  EXPECT_EQ(out[1].shape, (Shape{kUnknownDim, kUnknownDim, 2}));
  // The batch comes from ImgSize when X does not know it; unknown channels are accepted.
  OAR_ASSERT_OK_AND_ASSIGN(out, Infer(node, {Info(DType::kFloat32, Shape{kUnknownDim, kUnknownDim, 3, 3}),
                                             Info(DType::kInt32, Shape{4, 2})}));
  EXPECT_EQ(out[0].shape, (Shape{4, 27, 4}));
}

TEST(DetectionSchemasTest, YoloBoxInputErrors) {
  Node node = MakeNode(OpKind::kYoloBox, ThreeAnchors(80), 2);
  const InputInfo img = Info(DType::kInt32, Shape{1, 2});
  ExpectError(Infer(node, {Info(DType::kFloat32, Shape{1, 254, 13, 13}), img}),
              "op 'det' (yolo_box) input #0: expected 255 channels (3 anchors * (5 + class_num 80)), got "
              "f32[1,254,13,13]");
  ExpectError(Infer(node, {Info(DType::kFloat32, Shape{1, 255, 13}), img}), "input #0: expected rank 4");
  ExpectError(Infer(node, {Info(DType::kFloat64, Shape{1, 255, 13, 13}), img}),
              "input #0: expected dtype f32, got f64[1,255,13,13]");
  const InputInfo x = Info(DType::kFloat32, Shape{2, 255, 13, 13});
  ExpectError(Infer(node, {x, Info(DType::kFloat32, Shape{2, 2})}), "input #1: expected dtype i32 or i64");
  ExpectError(Infer(node, {x, Info(DType::kInt32, Shape{2, 3})}), "input #1: expected shape [N, 2] (h, w), got i32[2,3]");
  ExpectError(Infer(node, {x, Info(DType::kInt32, Shape{2})}), "input #1: expected shape [N, 2]");
  ExpectError(Infer(node, {x, Info(DType::kInt32, Shape{3, 2})}), "input #1: expected batch 2 (as input #0)");
}

TEST(DetectionSchemasTest, YoloBoxAttributeErrors) {
  const std::vector<InputInfo> inputs = {Info(DType::kFloat32, Shape{1, 18, 4, 4}), Info(DType::kInt32, Shape{1, 2})};
  YoloBoxAttrs a = ThreeAnchors(1);
  a.anchors.pop_back();
  ExpectError(Infer(MakeNode(OpKind::kYoloBox, a, 2), inputs),
              "attribute 'anchors': expected a non-empty list of (w, h) pairs, got 5 values");
  a.anchors.clear();
  ExpectError(Infer(MakeNode(OpKind::kYoloBox, a, 2), inputs), "got 0 values");
  a = ThreeAnchors(0);
  ExpectError(Infer(MakeNode(OpKind::kYoloBox, a, 2), inputs), "attribute 'class_num': expected > 0, got 0");
  a = ThreeAnchors(1);
  a.downsample_ratio = 0;
  ExpectError(Infer(MakeNode(OpKind::kYoloBox, a, 2), inputs), "attribute 'downsample_ratio': expected > 0");
  a = ThreeAnchors(1);
  a.iou_aware = true;
  a.iou_aware_factor = 1.5f;
  ExpectError(Infer(MakeNode(OpKind::kYoloBox, a, 2), inputs), "attribute 'iou_aware_factor': expected a value in [0, 1]");
  ExpectError(Infer(MakeNode(OpKind::kYoloBox, ThreeAnchors(1), 1), inputs), "expected 2 outputs (Boxes, Scores), got 1");
  ExpectError(Infer(MakeNode(OpKind::kYoloBox, MulticlassNmsAttrs{}, 2), inputs), "expected YoloBoxAttrs");
}

TEST(DetectionSchemasTest, MulticlassNmsShapes) {
  Node node = MakeNode(OpKind::kMulticlassNms, MulticlassNmsAttrs{}, 3);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<OutputInfo> out, Infer(node, {Info(DType::kFloat32, Shape{3, 507, 4}),
                                                                     Info(DType::kFloat32, Shape{3, 80, 507})}));
  EXPECT_EQ(out[0].dtype, DType::kFloat32);
  EXPECT_EQ(out[0].shape, (Shape{kUnknownDim, 6}));
  EXPECT_EQ(out[1].dtype, DType::kInt32);
  EXPECT_EQ(out[1].shape, (Shape{kUnknownDim, 1}));
  EXPECT_EQ(out[2].dtype, DType::kInt32);
  EXPECT_EQ(out[2].shape, (Shape{3}));
  // Unknown batch / box counts: the batch comes from whichever input knows it.
  OAR_ASSERT_OK_AND_ASSIGN(out, Infer(node, {Info(DType::kFloat32, Shape{kUnknownDim, kUnknownDim, 4}),
                                             Info(DType::kFloat32, Shape{5, 2, kUnknownDim})}));
  EXPECT_EQ(out[2].shape, (Shape{5}));
  OAR_ASSERT_OK_AND_ASSIGN(out, Infer(node, {Info(DType::kFloat32, Shape{kUnknownDim, 9, 4}),
                                             Info(DType::kFloat32, Shape{kUnknownDim, 2, 9})}));
  EXPECT_EQ(out[2].shape, (Shape{kUnknownDim}));
}

TEST(DetectionSchemasTest, MulticlassNmsErrors) {
  Node node = MakeNode(OpKind::kMulticlassNms, MulticlassNmsAttrs{}, 3);
  const InputInfo boxes = Info(DType::kFloat32, Shape{2, 10, 4});
  const InputInfo scores = Info(DType::kFloat32, Shape{2, 3, 10});
  ExpectError(Infer(node, {Info(DType::kFloat32, Shape{2, 10, 8}), scores}),
              "op 'det' (multiclass_nms) input #0: expected shape [N, M, 4] (x1, y1, x2, y2), got f32[2,10,8]");
  ExpectError(Infer(node, {Info(DType::kFloat32, Shape{20, 4}), scores}), "input #0: expected shape [N, M, 4]");
  ExpectError(Infer(node, {boxes, Info(DType::kFloat32, Shape{3, 10})}), "input #1: expected rank 3 [N, C, M]");
  ExpectError(Infer(node, {boxes, Info(DType::kFloat32, Shape{3, 3, 10})}),
              "input #1: expected batch 2 (as input #0 BBoxes), got f32[3,3,10]");
  ExpectError(Infer(node, {boxes, Info(DType::kFloat32, Shape{2, 3, 11})}),
              "input #1: expected dim 2 = 10 boxes (as dim 1 of input #0 BBoxes)");
  ExpectError(Infer(node, {Info(DType::kFloat16, Shape{2, 10, 4}), scores}), "input #0: expected dtype f32, got f16");
  ExpectError(Infer(node, {boxes, Info(DType::kFloat64, Shape{2, 3, 10})}), "input #1: expected dtype f32, got f64");
  ExpectError(Infer(MakeNode(OpKind::kMulticlassNms, MulticlassNmsAttrs{}, 2), {boxes, scores}),
              "expected 3 outputs (Out, Index, NmsRoisNum), got 2");
}

// Shape inference through a Graph, as frontends use it.
TEST(DetectionSchemasTest, GraphInferenceOfYoloBox) {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{kUnknownDim, 18, 7, 9});
  ValueId img = g.AddValue("im_shape", DType::kInt32, Shape{kUnknownDim, 2});
  ValueId nms_boxes = g.AddValue("boxes", DType::kUndefined, Shape{});
  ValueId yolo_scores = g.AddValue("scores", DType::kUndefined, Shape{});
  g.AddInput(x);
  g.AddInput(img);
  g.AddNode("yolo", OpKind::kYoloBox, {x, img}, {nms_boxes, yolo_scores}, ThreeAnchors(1));
  OAR_ASSERT_OK(InferShapes(g));
  EXPECT_EQ(g.value(nms_boxes).shape, (Shape{kUnknownDim, 189, 4}));
  EXPECT_EQ(g.value(yolo_scores).shape, (Shape{kUnknownDim, 189, 1}));
}

}  // namespace
}  // namespace oar::ir
