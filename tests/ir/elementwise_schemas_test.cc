// Tests of the elementwise and reduction schemas: output dtype/shape with static and unknown dims,
// broadcasting both ways, negative axes, and the validation errors (message substrings).
#include <string>
#include <vector>

#include "ir/op_schema.h"
#include "test_util.h"

namespace oar::ir {
namespace {

constexpr int64_t U = kUnknownDim;

InputInfo In(DType dtype, Shape shape) {
  InputInfo info;
  info.present = true;
  info.dtype = dtype;
  info.shape = std::move(shape);
  return info;
}

InputInfo F32(Shape shape) { return In(DType::kFloat32, std::move(shape)); }

// Runs the schema of `kind` on a node named "n"; returns the outputs or the error.
StatusOr<std::vector<OutputInfo>> Infer(OpKind kind, Attrs attrs, std::vector<InputInfo> inputs, int num_outputs = 1) {
  Node node;
  node.name = "n";
  node.kind = kind;
  node.attrs = std::move(attrs);
  for (size_t i = 0; i < inputs.size(); ++i) node.inputs.push_back(inputs[i].present ? 0 : kNoValue);
  node.outputs.assign(static_cast<size_t>(num_outputs), 0);
  const OpSchema* schema = FindSchema(kind);
  if (!schema) return Internal("no schema");
  InferContext ctx(node, std::move(inputs), node.outputs.size());
  OAR_RETURN_IF_ERROR(schema->infer(ctx));
  return ctx.outputs();
}

void ExpectShape(const StatusOr<std::vector<OutputInfo>>& r, DType dtype, const Shape& shape) {
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->at(0).dtype, dtype);
  EXPECT_EQ(r->at(0).shape, shape) << r->at(0).shape.ToString();
}

void ExpectError(const StatusOr<std::vector<OutputInfo>>& r, const std::vector<std::string>& substrings) {
  ASSERT_FALSE(r.ok()) << "expected an error";
  for (const std::string& s : substrings) {
    EXPECT_NE(r.status().message().find(s), std::string::npos) << "missing '" << s << "' in: " << r.status().message();
  }
}

TEST(ElementwiseSchemasTest, EveryKindIsRegistered) {
  for (OpKind k : {OpKind::kRelu,       OpKind::kLeakyRelu, OpKind::kSigmoid,   OpKind::kTanh,  OpKind::kHardSigmoid,
                   OpKind::kHardSwish,  OpKind::kSwish,     OpKind::kGelu,      OpKind::kClip,  OpKind::kExp,
                   OpKind::kSqrt,       OpKind::kScale,     OpKind::kAdd,       OpKind::kSub,   OpKind::kMul,
                   OpKind::kDiv,        OpKind::kMax,       OpKind::kMin,       OpKind::kPow,   OpKind::kSum,
                   OpKind::kReduceMean, OpKind::kReduceSum, OpKind::kReduceMax, OpKind::kArgMax}) {
    const OpSchema* s = FindSchema(k);
    ASSERT_NE(s, nullptr) << OpKindName(k);
    EXPECT_EQ(s->num_outputs, 1) << OpKindName(k);
    EXPECT_TRUE(s->value_inputs.empty()) << OpKindName(k);
  }
  EXPECT_EQ(FindSchema(OpKind::kScale)->max_inputs, 2);
  EXPECT_EQ(FindSchema(OpKind::kSum)->max_inputs, -1);
  EXPECT_EQ(FindSchema(OpKind::kAdd)->min_inputs, 2);
}

TEST(ElementwiseSchemasTest, UnaryKeepsShapeAndDtype) {
  ExpectShape(Infer(OpKind::kRelu, NoAttrs{}, {F32({U, 3, 5})}), DType::kFloat32, Shape{U, 3, 5});
  ExpectShape(Infer(OpKind::kRelu, NoAttrs{}, {In(DType::kInt64, {})}), DType::kInt64, Shape{});
  ExpectShape(Infer(OpKind::kSigmoid, NoAttrs{}, {In(DType::kFloat16, {2, U})}), DType::kFloat16, Shape{2, U});
  ExpectShape(Infer(OpKind::kGelu, GeluAttrs{true}, {F32({7})}), DType::kFloat32, Shape{7});
  ExpectShape(Infer(OpKind::kClip, ClipAttrs{0.0f, 6.0f}, {In(DType::kInt32, {4})}), DType::kInt32, Shape{4});
  ExpectShape(Infer(OpKind::kScale, ScaleAttrs{}, {F32({2, 3}), F32({1})}), DType::kFloat32, Shape{2, 3});
  ExpectShape(Infer(OpKind::kScale, ScaleAttrs{}, {F32({2, 3}), F32({U})}), DType::kFloat32, Shape{2, 3});
}

TEST(ElementwiseSchemasTest, UnaryErrors) {
  ExpectError(Infer(OpKind::kSigmoid, NoAttrs{}, {In(DType::kInt32, {3})}),
              {"op 'n' (sigmoid) input #0", "floating dtype", "i32[3]"});
  ExpectError(Infer(OpKind::kRelu, NoAttrs{}, {In(DType::kBool, {3})}), {"input #0", "numeric dtype", "bool[3]"});
  ExpectError(Infer(OpKind::kLeakyRelu, NoAttrs{}, {F32({3})}), {"expected LeakyReluAttrs attributes"});
  ExpectError(Infer(OpKind::kClip, ClipAttrs{2.0f, 1.0f}, {F32({3})}), {"(clip)", "min <= max"});
  ExpectError(Infer(OpKind::kHardSwish, HardSwishAttrs{6.0f, 0.0f, 3.0f}, {F32({3})}), {"'scale'", "non-zero"});
  ExpectError(Infer(OpKind::kScale, ScaleAttrs{}, {F32({2}), F32({2})}),
              {"input #1", "1 element (ScaleTensor)", "f32[2]"});
  InputInfo absent;
  ExpectError(Infer(OpKind::kExp, NoAttrs{}, {absent}), {"input #0", "expected a tensor", "absent"});
}

TEST(ElementwiseSchemasTest, BinaryBroadcastsBothWays) {
  ExpectShape(Infer(OpKind::kAdd, NoAttrs{}, {F32({2, 3, 4}), F32({4})}), DType::kFloat32, Shape{2, 3, 4});
  ExpectShape(Infer(OpKind::kMul, NoAttrs{}, {F32({3, 1}), F32({1, 5})}), DType::kFloat32, Shape{3, 5});
  ExpectShape(Infer(OpKind::kSub, NoAttrs{}, {F32({}), F32({2, 1, 3})}), DType::kFloat32, Shape{2, 1, 3});
  ExpectShape(Infer(OpKind::kDiv, NoAttrs{}, {In(DType::kInt64, {1, 6}), In(DType::kInt64, {5, 1})}), DType::kInt64,
              Shape{5, 6});
  // Unknown dims: unknown vs 1 stays unknown, unknown vs n becomes n.
  ExpectShape(Infer(OpKind::kMax, NoAttrs{}, {F32({U, 1, 8}), F32({1, 4, U})}), DType::kFloat32, Shape{U, 4, 8});
  ExpectShape(Infer(OpKind::kPow, NoAttrs{}, {F32({U, 3}), F32({1})}), DType::kFloat32, Shape{U, 3});
  ExpectShape(Infer(OpKind::kMin, NoAttrs{}, {F32({0, 3}), F32({1, 3})}), DType::kFloat32, Shape{0, 3});
}

TEST(ElementwiseSchemasTest, BinaryErrors) {
  ExpectError(Infer(OpKind::kAdd, NoAttrs{}, {F32({2, 3}), F32({4})}),
              {"op 'n' (add) input #1", "broadcastable", "[2,3]", "got f32[4]"});
  ExpectError(Infer(OpKind::kMul, NoAttrs{}, {F32({2, 3}), In(DType::kInt32, {3})}),
              {"input #1", "dtype f32", "i32[3]"});
}

TEST(ElementwiseSchemasTest, SumIsNaryBroadcast) {
  ExpectShape(Infer(OpKind::kSum, NoAttrs{}, {F32({3, 1}), F32({4}), F32({2, 1, 1})}), DType::kFloat32, Shape{2, 3, 4});
  ExpectShape(Infer(OpKind::kSum, NoAttrs{}, {F32({U, 5})}), DType::kFloat32, Shape{U, 5});
  ExpectError(Infer(OpKind::kSum, NoAttrs{}, {F32({3}), F32({3}), F32({2})}), {"(sum) input #2", "broadcastable"});
}

TEST(ElementwiseSchemasTest, Reductions) {
  ExpectShape(Infer(OpKind::kReduceMean, ReduceAttrs{{-1, 1}, false, false}, {F32({2, 3, 4})}), DType::kFloat32,
              Shape{2});
  ExpectShape(Infer(OpKind::kReduceSum, ReduceAttrs{{2, 3}, true, false}, {F32({U, 3, U, 5})}), DType::kFloat32,
              Shape{U, 3, 1, 1});
  ExpectShape(Infer(OpKind::kReduceMax, ReduceAttrs{{}, false, false}, {In(DType::kInt32, {2, 3})}), DType::kInt32,
              Shape{});
  ExpectShape(Infer(OpKind::kReduceMax, ReduceAttrs{{0}, true, true}, {F32({2, 3})}), DType::kFloat32, Shape{1, 1});
  ExpectShape(Infer(OpKind::kReduceSum, ReduceAttrs{{}, true, false}, {F32({})}), DType::kFloat32, Shape{});
  ExpectError(Infer(OpKind::kReduceSum, ReduceAttrs{{3}, false, false}, {F32({2, 3})}),
              {"(reduce_sum) input #0", "'axes' value 3 in [-2, 1]", "f32[2,3]"});
  ExpectError(Infer(OpKind::kReduceMean, ReduceAttrs{{1, -1}, false, false}, {F32({2, 3})}), {"listed twice"});
}

TEST(ElementwiseSchemasTest, ArgMax) {
  ArgMaxAttrs a;
  a.axis = -2;
  ExpectShape(Infer(OpKind::kArgMax, a, {F32({U, 3, 4})}), DType::kInt64, Shape{U, 4});
  a.keepdims = true;
  a.out_dtype = DType::kInt32;
  ExpectShape(Infer(OpKind::kArgMax, a, {F32({U, 3, 4})}), DType::kInt32, Shape{U, 1, 4});
  ArgMaxAttrs f;
  f.flatten = true;
  ExpectShape(Infer(OpKind::kArgMax, f, {F32({2, 3})}), DType::kInt64, Shape{1});
  f.keepdims = true;
  ExpectShape(Infer(OpKind::kArgMax, f, {F32({2, 3})}), DType::kInt64, Shape{1, 1});
  ArgMaxAttrs bad;
  bad.axis = 2;
  ExpectError(Infer(OpKind::kArgMax, bad, {F32({2, 3})}), {"(arg_max) input #0", "'axis' value 2 in [-2, 1]"});
  bad.axis = 0;
  bad.out_dtype = DType::kFloat32;
  ExpectError(Infer(OpKind::kArgMax, bad, {F32({2, 3})}), {"'out_dtype'", "i32 or i64", "f32"});
  ExpectError(Infer(OpKind::kArgMax, ArgMaxAttrs{}, {F32({2, 0})}), {"non-empty axis"});
}

}  // namespace
}  // namespace oar::ir
