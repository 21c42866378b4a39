// Tests of the NN schemas: shape inference with unknown and static dims, dtype propagation,
// and the validation errors (each names the op and the offending input).
#include <string>
#include <vector>

#include "ir/op_schema.h"
#include "test_util.h"

namespace oar::ir {
namespace {

constexpr int64_t kU = kUnknownDim;

InputInfo Info(Shape shape, DType dtype = DType::kFloat32) {
  InputInfo info;
  info.present = true;
  info.dtype = dtype;
  info.shape = std::move(shape);
  return info;
}

InputInfo Value(const Tensor* t) {
  InputInfo info = Info(t->shape(), t->dtype());
  info.value = t;
  return info;
}

InputInfo Absent() { return InputInfo{}; }

StatusOr<OutputInfo> Infer(OpKind kind, Attrs attrs, std::vector<InputInfo> inputs) {
  Node node;
  node.name = "n1";
  node.kind = kind;
  node.attrs = std::move(attrs);
  for (const InputInfo& i : inputs) node.inputs.push_back(i.present ? 0 : kNoValue);
  node.outputs = {0};
  const OpSchema* schema = FindSchema(kind);
  if (!schema) return Internal("no schema");
  InferContext ctx(node, std::move(inputs), 1);
  OAR_RETURN_IF_ERROR(schema->infer(ctx));
  return ctx.outputs()[0];
}

void ExpectShape(const StatusOr<OutputInfo>& r, const Shape& shape, DType dtype = DType::kFloat32) {
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->shape, shape) << r->shape.ToString();
  EXPECT_EQ(r->dtype, dtype);
}

void ExpectError(const StatusOr<OutputInfo>& r, const std::vector<std::string>& substrings) {
  ASSERT_FALSE(r.ok()) << "expected an error";
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidGraph);
  for (const std::string& s : substrings) {
    EXPECT_NE(r.status().message().find(s), std::string::npos) << "missing '" << s << "' in " << r.status().message();
  }
}

TEST(NnSchemasTest, AllRegisteredWithInputRanges) {
  struct Expect {
    OpKind kind;
    int min, max;
  };
  for (const Expect& e :
       {Expect{OpKind::kConv2d, 2, 4}, Expect{OpKind::kBatchNorm, 5, 5}, Expect{OpKind::kLayerNorm, 1, 3},
        Expect{OpKind::kPool2d, 1, 1}, Expect{OpKind::kMatMul, 2, 3}, Expect{OpKind::kSoftmax, 1, 1},
        Expect{OpKind::kLrn, 1, 1}, Expect{OpKind::kResize, 1, 3}, Expect{OpKind::kPad, 1, 1}}) {
    const OpSchema* s = FindSchema(e.kind);
    ASSERT_NE(s, nullptr) << OpKindName(e.kind);
    EXPECT_EQ(s->min_inputs, e.min) << OpKindName(e.kind);
    EXPECT_EQ(s->max_inputs, e.max) << OpKindName(e.kind);
    EXPECT_EQ(s->value_inputs.empty(), e.kind != OpKind::kResize) << OpKindName(e.kind);
  }
  EXPECT_EQ(FindSchema(OpKind::kResize)->value_inputs, (std::vector<int>{1, 2}));
}

Conv2dAttrs Conv(std::vector<int64_t> strides, std::vector<int64_t> pads, int64_t groups = 1,
                 PadMode mode = PadMode::kExplicit) {
  Conv2dAttrs a;
  a.strides = std::move(strides);
  a.pads = std::move(pads);
  a.groups = groups;
  a.pad_mode = mode;
  return a;
}

TEST(NnSchemasTest, Conv2dShapes) {
  ExpectShape(Infer(OpKind::kConv2d, Conv({2, 2}, {3, 3, 3, 3}), {Info({kU, 3, 224, 224}), Info({64, 3, 7, 7})}),
              Shape{kU, 64, 112, 112});
  ExpectShape(
      Infer(OpKind::kConv2d, Conv({1, 1}, {1, 1, 1, 1}, 32), {Info({1, 32, kU, 17}), Info({32, 1, 3, 3}), Info({32})}),
      Shape{1, 32, kU, 17});
  ExpectShape(
      Infer(OpKind::kConv2d, Conv({2, 2}, {0, 0, 0, 0}, 1, PadMode::kSame), {Info({2, 8, 13, 12}), Info({4, 8, 4, 4})}),
      Shape{2, 4, 7, 6});
  // Unknown channel counts skip the channel checks.
  ExpectShape(Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}), {Info({1, kU, 5, 5}), Info({kU, kU, 1, 1})}),
              Shape{1, kU, 5, 5});
  ExpectShape(Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}),
                    {Info({1, 4, 5, 5}, DType::kFloat16), Info({2, 4, 1, 1}, DType::kFloat16)}),
              Shape{1, 2, 5, 5}, DType::kFloat16);
}

TEST(NnSchemasTest, Conv2dErrors) {
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}), {Info({1, 4, 5}), Info({2, 4, 1, 1})}),
              {"op 'n1' (conv2d) input #0", "rank 4", "f32[1,4,5]"});
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}), {Info({1, 6, 5, 5}), Info({2, 4, 1, 1})}),
              {"(conv2d) input #1", "weight [M,6,kh,kw]", "got f32[2,4,1,1]"});
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}, 4), {Info({1, 6, 5, 5}), Info({2, 4, 1, 1})}),
              {"(conv2d) input #0", "divisible by groups=4"});
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}, 2), {Info({1, 6, 5, 5}), Info({3, 3, 1, 1})}),
              {"(conv2d) input #1", "output channels divisible by groups=2"});
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}), {Info({1, 4, 5, 5}), Info({2, 4, 1, 1}), Info({3})}),
              {"(conv2d) input #2", "bias of shape [2]", "f32[3]"});
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}), {Info({1, 4, 2, 2}), Info({2, 4, 3, 3})}),
              {"(conv2d) input #0", "positive output size"});
  ExpectError(Infer(OpKind::kConv2d, Conv({0, 1}, {0, 0, 0, 0}), {Info({1, 4, 5, 5}), Info({2, 4, 1, 1})}),
              {"(conv2d)", "attribute 'strides'", "[0,1]"});
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0}), {Info({1, 4, 5, 5}), Info({2, 4, 1, 1})}),
              {"(conv2d)", "attribute 'pads'", "4 values"});
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}),
                    {Info({1, 4, 5, 5}, DType::kInt32), Info({2, 4, 1, 1}, DType::kInt32)}),
              {"(conv2d) input #0", "floating-point", "i32[1,4,5,5]"});
  ExpectError(
      Infer(OpKind::kConv2d, Conv({1, 1}, {0, 0, 0, 0}), {Info({1, 4, 5, 5}), Info({2, 4, 1, 1}, DType::kFloat16)}),
      {"(conv2d) input #1", "f32 (the dtype of input #0)", "f16"});
}

// The fused residual (input #3, Sum) must have exactly the output's shape (unknown dims pass).
TEST(NnSchemasTest, Conv2dResidualSum) {
  ExpectShape(Infer(OpKind::kConv2d, Conv({1, 1}, {1, 1, 1, 1}),
                    {Info({2, 4, 5, 5}), Info({6, 4, 3, 3}), Absent(), Info({2, 6, 5, 5})}),
              Shape{2, 6, 5, 5});
  ExpectShape(Infer(OpKind::kConv2d, Conv({1, 1}, {1, 1, 1, 1}),
                    {Info({kU, 4, kU, 5}), Info({6, 4, 3, 3}), Info({6}), Info({kU, 6, 7, kU})}),
              Shape{kU, 6, kU, 5});
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {1, 1, 1, 1}),
                    {Info({2, 4, 5, 5}), Info({6, 4, 3, 3}), Absent(), Info({1, 6, 5, 5})}),
              {"(conv2d) input #3", "residual (Sum) of the output's shape [2,6,5,5]", "f32[1,6,5,5]"});
  ExpectError(Infer(OpKind::kConv2d, Conv({2, 2}, {1, 1, 1, 1}),
                    {Info({2, 4, 5, 5}), Info({6, 4, 3, 3}), Absent(), Info({2, 6, 5, 5})}),
              {"(conv2d) input #3", "[2,6,3,3]"});
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {1, 1, 1, 1}),
                    {Info({2, 4, 5, 5}), Info({6, 4, 3, 3}), Absent(), Info({6, 5, 5})}),
              {"(conv2d) input #3", "residual"});
  ExpectError(Infer(OpKind::kConv2d, Conv({1, 1}, {1, 1, 1, 1}),
                    {Info({2, 4, 5, 5}), Info({6, 4, 3, 3}), Absent(), Info({2, 6, 5, 5}, DType::kFloat64)}),
              {"(conv2d) input #3", "f32 (the dtype of input #0)", "f64"});
}

TEST(NnSchemasTest, BatchNormAndLayerNorm) {
  ExpectShape(
      Infer(OpKind::kBatchNorm, BatchNormAttrs{}, {Info({kU, 8, kU, kU}), Info({8}), Info({8}), Info({8}), Info({kU})}),
      Shape{kU, 8, kU, kU});
  ExpectError(
      Infer(OpKind::kBatchNorm, BatchNormAttrs{}, {Info({2, 8, 4, 4}), Info({8}), Info({8, 1}), Info({8}), Info({8})}),
      {"(batch_norm) input #2", "bias of shape [8]", "[8,1]"});
  ExpectError(Infer(OpKind::kBatchNorm, BatchNormAttrs{}, {Info({8}), Info({8}), Info({8}), Info({8}), Info({8})}),
              {"(batch_norm) input #0", "rank >= 2"});
  LayerNormAttrs ln;
  ln.begin_norm_axis = 2;
  ExpectShape(Infer(OpKind::kLayerNorm, ln, {Info({kU, kU, 768}), Info({768}), Info({768})}), Shape{kU, kU, 768});
  ExpectShape(Infer(OpKind::kLayerNorm, ln, {Info({2, 3, kU}), Info({5}), Absent()}), Shape{2, 3, kU});
  ExpectError(Infer(OpKind::kLayerNorm, ln, {Info({2, 3, 4}), Absent(), Info({5})}),
              {"(layer_norm) input #2", "4 elements"});
  ln.begin_norm_axis = 3;
  ExpectError(Infer(OpKind::kLayerNorm, ln, {Info({2, 3, 4})}), {"(layer_norm) input #0", "begin_norm_axis=3"});
}

TEST(NnSchemasTest, Pool2dShapes) {
  Pool2dAttrs p;
  p.kernel = {3, 3};
  p.strides = {2, 2};
  p.pads = {1, 1, 1, 1};
  ExpectShape(Infer(OpKind::kPool2d, p, {Info({kU, 64, 112, 112})}), Shape{kU, 64, 56, 56});
  p.pads = {0, 0, 0, 0};
  p.ceil_mode = true;
  ExpectShape(Infer(OpKind::kPool2d, p, {Info({1, 64, 14, kU})}), Shape{1, 64, 7, kU});
  p.ceil_mode = false;
  ExpectShape(Infer(OpKind::kPool2d, p, {Info({1, 64, 14, kU})}), Shape{1, 64, 6, kU});
  Pool2dAttrs g;
  g.global = true;
  g.kernel = {};  // ignored by global pooling
  ExpectShape(Infer(OpKind::kPool2d, g, {Info({kU, 2048, kU, kU})}), Shape{kU, 2048, 1, 1});
  Pool2dAttrs ad;
  ad.adaptive = true;
  ad.kernel = {7, 5};
  ExpectShape(Infer(OpKind::kPool2d, ad, {Info({2, 3, kU, kU})}), Shape{2, 3, 7, 5});
  Pool2dAttrs bad = p;
  bad.kernel = {3};
  ExpectError(Infer(OpKind::kPool2d, bad, {Info({1, 3, 8, 8})}), {"(pool2d)", "attribute 'kernel'", "[3]"});
  // Paddle's truncating division: a 3-wide, stride-2 window over 2 rows still gives one row.
  ExpectShape(Infer(OpKind::kPool2d, p, {Info({1, 3, 2, 8})}), Shape{1, 3, 1, 3});
  Pool2dAttrs wide = p;
  wide.kernel = {5, 5};
  wide.strides = {1, 1};
  ExpectError(Infer(OpKind::kPool2d, wide, {Info({1, 3, 2, 8})}), {"(pool2d) input #0", "positive output size"});
  ExpectError(Infer(OpKind::kPool2d, p, {Info({3, 8, 8})}), {"(pool2d) input #0", "rank 4"});
}

MatMulAttrs MM(bool ta, bool tb) {
  MatMulAttrs a;
  a.transpose_a = ta;
  a.transpose_b = tb;
  return a;
}

TEST(NnSchemasTest, MatMulShapes) {
  ExpectShape(Infer(OpKind::kMatMul, MM(false, false), {Info({kU, 128, 768}), Info({768, 3072})}),
              Shape{kU, 128, 3072});
  ExpectShape(Infer(OpKind::kMatMul, MM(false, true), {Info({2, 12, kU, 64}), Info({2, 12, kU, 64})}),
              Shape{2, 12, kU, kU});
  ExpectShape(Infer(OpKind::kMatMul, MM(true, false), {Info({2, 1, 5, 4}), Info({3, 5, 6})}), Shape{2, 3, 4, 6});
  ExpectShape(Infer(OpKind::kMatMul, MM(false, false), {Info({5}), Info({2, 5, 3})}), Shape{2, 3});
  ExpectShape(Infer(OpKind::kMatMul, MM(false, false), {Info({2, 4, 5}), Info({5})}), Shape{2, 4});
  ExpectShape(Infer(OpKind::kMatMul, MM(true, true), {Info({5}), Info({5})}), Shape{});
  ExpectShape(Infer(OpKind::kMatMul, MM(false, false), {Info({kU, 5}), Info({5, 7}), Info({7})}), Shape{kU, 7});
  ExpectShape(Infer(OpKind::kMatMul, MM(false, false), {Info({4, 5}), Info({5, 7}), Info({4, 1})}), Shape{4, 7});
}

TEST(NnSchemasTest, MatMulErrors) {
  ExpectError(Infer(OpKind::kMatMul, MM(false, false), {Info({4, 5}), Info({6, 7})}),
              {"(matmul) input #1", "contraction dim of 5", "6 in [6,7]"});
  ExpectError(Infer(OpKind::kMatMul, MM(false, false), {Info({2, 4, 5}), Info({3, 5, 7})}),
              {"(matmul) input #1", "batch dims broadcastable"});
  ExpectError(Infer(OpKind::kMatMul, MM(false, false), {Info({4, 5}), Info({5, 7}), Info({3, 7})}),
              {"(matmul) input #2", "broadcastable onto the result [4,7]", "f32[3,7]"});
  ExpectError(Infer(OpKind::kMatMul, MM(false, false), {Info({4, 5}), Info({5, 7}), Info({2, 4, 7})}),
              {"(matmul) input #2"});
  ExpectError(Infer(OpKind::kMatMul, MM(false, false), {Info({}), Info({5, 7})}), {"(matmul) input #0", "rank >= 1"});
}

TEST(NnSchemasTest, SoftmaxAndLrn) {
  SoftmaxAttrs s;
  s.axis = -3;
  ExpectShape(Infer(OpKind::kSoftmax, s, {Info({kU, 4, kU})}), Shape{kU, 4, kU});
  s.axis = 3;
  ExpectError(Infer(OpKind::kSoftmax, s, {Info({kU, 4, kU})}), {"(softmax) input #0", "axis 3"});
  ExpectShape(Infer(OpKind::kLrn, LrnAttrs{}, {Info({kU, 96, 55, 55})}), Shape{kU, 96, 55, 55});
  LrnAttrs l;
  l.size = 0;
  ExpectError(Infer(OpKind::kLrn, l, {Info({1, 96, 55, 55})}), {"(lrn)", "attribute 'size'"});
}

ResizeAttrs Rs(int64_t oh, int64_t ow, float sh = -1, float sw = -1) {
  ResizeAttrs a;
  a.out_h = oh;
  a.out_w = ow;
  a.scale_h = sh;
  a.scale_w = sw;
  return a;
}

TEST(NnSchemasTest, ResizeShapes) {
  ExpectShape(Infer(OpKind::kResize, Rs(-1, -1, 2, 2), {Info({kU, 3, 10, kU})}), Shape{kU, 3, 20, kU});
  ExpectShape(Infer(OpKind::kResize, Rs(7, 9), {Info({kU, 3, kU, kU})}), Shape{kU, 3, 7, 9});
  // OutSize present but its value unknown at graph time: unknown spatial size.
  ExpectShape(Infer(OpKind::kResize, Rs(7, 9), {Info({1, 3, 4, 4}), Info({2}, DType::kInt32)}), Shape{1, 3, kU, kU});
  int32_t size[2] = {11, 13};
  Tensor out_size = MakeTensor<int32_t>(Shape{2}, size);
  ExpectShape(Infer(OpKind::kResize, Rs(7, 9), {Info({1, 3, 4, 4}), Value(&out_size)}), Shape{1, 3, 11, 13});
  float sc[2] = {0.5f, 1.5f};
  Tensor scale = MakeTensor<float>(Shape{2}, sc);
  ExpectShape(Infer(OpKind::kResize, Rs(-1, -1), {Info({1, 3, 9, 4}), Absent(), Value(&scale)}), Shape{1, 3, 4, 6});
  ExpectShape(Infer(OpKind::kResize, Rs(-1, -1), {Info({1, 3, 9, 4}), Absent(), Info({2})}), Shape{1, 3, kU, kU});
}

TEST(NnSchemasTest, ResizeErrors) {
  ExpectError(Infer(OpKind::kResize, Rs(-1, -1), {Info({1, 3, 4, 4})}), {"(resize)", "no output size"});
  ExpectError(Infer(OpKind::kResize, Rs(-1, -1), {Info({1, 3, 4, 4}), Info({2})}),
              {"(resize) input #1", "OutSize as i32/i64 [2]", "f32[2]"});
  ExpectError(Infer(OpKind::kResize, Rs(-1, -1), {Info({1, 3, 4, 4}), Info({3}, DType::kInt64)}),
              {"(resize) input #1", "i64[3]"});
  ExpectError(Infer(OpKind::kResize, Rs(-1, -1), {Info({1, 3, 4, 4}), Absent(), Info({3})}),
              {"(resize) input #2", "1 or 2 elements"});
  float sc[2] = {0.0f, 2.0f};
  Tensor scale = MakeTensor<float>(Shape{2}, sc);
  ExpectError(Infer(OpKind::kResize, Rs(-1, -1), {Info({1, 3, 4, 4}), Absent(), Value(&scale)}),
              {"(resize) input #2", "positive scales"});
  int64_t size[2] = {0, 3};
  Tensor out_size = MakeTensor<int64_t>(Shape{2}, size);
  ExpectError(Infer(OpKind::kResize, Rs(-1, -1), {Info({1, 3, 4, 4}), Value(&out_size)}),
              {"(resize) input #1", "positive output size", "[0,3]"});
  ExpectError(Infer(OpKind::kResize, Rs(-1, -1, 0.1f, 0.1f), {Info({1, 3, 4, 4})}),
              {"(resize) input #0", "positive output size"});
  ResizeAttrs am = Rs(4, 4);
  am.align_mode = 2;
  ExpectError(Infer(OpKind::kResize, am, {Info({1, 3, 4, 4})}), {"(resize)", "align_mode"});
}

PadAttrs Pd(std::vector<int64_t> pads, PadType type = PadType::kConstant) {
  PadAttrs a;
  a.pads = std::move(pads);
  a.type = type;
  return a;
}

TEST(NnSchemasTest, PadShapes) {
  ExpectShape(Infer(OpKind::kPad, Pd({0, 0, 1, 2, 0, 0, 3, 4}), {Info({kU, 3, 5, kU})}), Shape{kU, 3, 9, kU});
  ExpectShape(Infer(OpKind::kPad, Pd({1, -2}), {Info({6}, DType::kInt64)}), Shape{5}, DType::kInt64);
  ExpectError(Infer(OpKind::kPad, Pd({1, 1}), {Info({2, 3})}), {"(pad)", "attribute 'pads'", "4 values"});
  ExpectError(Infer(OpKind::kPad, Pd({0, 3, 0, 0}, PadType::kReflect), {Info({2, 3})}),
              {"(pad) input #0", "reflect pads of dim 1"});
  ExpectError(Infer(OpKind::kPad, Pd({0, -4, 0, 0}), {Info({2, 3})}), {"(pad) input #0", "non-negative size"});
  ExpectError(Infer(OpKind::kPad, Pd({1, 1}, PadType::kEdge), {Info({0})}), {"(pad) input #0", "non-empty dim 0"});
}

}  // namespace
}  // namespace oar::ir
