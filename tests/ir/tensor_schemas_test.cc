// Tests of the tensor-manipulation schemas: static shapes, unknown dims, known and unknown value
// inputs (Reshape/Fill ShapeTensor, Slice Starts/Ends), and validation errors.
#include <string>
#include <vector>

#include "ir/op_schema.h"
#include "ir/verifier.h"
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

/// An i64 1-D input whose contents are known (`storage` keeps the tensor alive).
InputInfo Known(const std::vector<int64_t>& values, std::vector<std::unique_ptr<Tensor>>* storage) {
  storage->push_back(
      std::make_unique<Tensor>(MakeTensor<int64_t>(Shape{static_cast<int64_t>(values.size())}, values.data())));
  InputInfo info = In(DType::kInt64, storage->back()->shape());
  info.value = storage->back().get();
  return info;
}

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

void ExpectShape(const StatusOr<std::vector<OutputInfo>>& r, DType dtype, const Shape& shape, int output = 0) {
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->at(static_cast<size_t>(output)).dtype, dtype);
  EXPECT_EQ(r->at(static_cast<size_t>(output)).shape, shape) << r->at(static_cast<size_t>(output)).shape.ToString();
}

void ExpectError(const StatusOr<std::vector<OutputInfo>>& r, const std::vector<std::string>& substrings) {
  ASSERT_FALSE(r.ok()) << "expected an error";
  for (const std::string& s : substrings) {
    EXPECT_NE(r.status().message().find(s), std::string::npos) << "missing '" << s << "' in: " << r.status().message();
  }
}

TEST(TensorSchemasTest, Registration) {
  EXPECT_EQ(FindSchema(OpKind::kReshape)->value_inputs, std::vector<int>{1});
  EXPECT_EQ(FindSchema(OpKind::kSlice)->value_inputs, (std::vector<int>{1, 2}));
  EXPECT_EQ(FindSchema(OpKind::kFill)->value_inputs, std::vector<int>{0});
  EXPECT_EQ(FindSchema(OpKind::kFill)->min_inputs, 0);
  EXPECT_EQ(FindSchema(OpKind::kSplit)->num_outputs, -1);
  EXPECT_EQ(FindSchema(OpKind::kConcat)->max_inputs, -1);
  for (OpKind k : {OpKind::kFlatten, OpKind::kTranspose, OpKind::kSqueeze, OpKind::kUnsqueeze, OpKind::kStack,
                   OpKind::kShape, OpKind::kCast, OpKind::kIdentity}) {
    ASSERT_NE(FindSchema(k), nullptr) << OpKindName(k);
  }
}

TEST(TensorSchemasTest, ReshapeFromAttrs) {
  ExpectShape(Infer(OpKind::kReshape, ReshapeAttrs{{0, -1}}, {F32({2, 3, 4})}), DType::kFloat32, Shape{2, 12});
  ExpectShape(Infer(OpKind::kReshape, ReshapeAttrs{{-1}}, {In(DType::kInt32, {})}), DType::kInt32, Shape{1});
  ExpectShape(Infer(OpKind::kReshape, ReshapeAttrs{{}}, {F32({1, 1})}), DType::kFloat32, Shape{});
  // 0 copies an unknown dim, and -1 is still computable because the copied dim cancels out.
  ExpectShape(Infer(OpKind::kReshape, ReshapeAttrs{{0, -1, 2}}, {F32({U, 3, 4})}), DType::kFloat32, Shape{U, 6, 2});
  // -1 over an unknown dim that is not copied: unknown.
  ExpectShape(Infer(OpKind::kReshape, ReshapeAttrs{{-1, 12}}, {F32({U, 3, 4})}), DType::kFloat32, Shape{U, 12});
  ExpectShape(Infer(OpKind::kReshape, ReshapeAttrs{{3, 0, -1}}, {F32({0, 5})}), DType::kFloat32, Shape{3, 5, 0});
}

TEST(TensorSchemasTest, ReshapeFromShapeTensor) {
  std::vector<std::unique_ptr<Tensor>> keep;
  ExpectShape(Infer(OpKind::kReshape, ReshapeAttrs{{7}}, {F32({2, 3, 4}), Known({4, -1}, &keep)}), DType::kFloat32,
              Shape{4, 6});
  // Contents unknown, length known: rank known, dims unknown.
  ExpectShape(Infer(OpKind::kReshape, ReshapeAttrs{}, {F32({2, 3, 4}), In(DType::kInt64, {3})}), DType::kFloat32,
              Shape{U, U, U});
  ExpectError(Infer(OpKind::kReshape, ReshapeAttrs{}, {F32({2, 3}), In(DType::kInt64, {U})}),
              {"(reshape)", "cannot infer the output rank", "ShapeTensor"});
  ExpectError(Infer(OpKind::kReshape, ReshapeAttrs{}, {F32({2, 3}), F32({2})}),
              {"input #1", "1-D i32/i64 tensor (ShapeTensor)", "f32[2]"});
}

TEST(TensorSchemasTest, ReshapeErrors) {
  ExpectError(Infer(OpKind::kReshape, ReshapeAttrs{{5, -1}}, {F32({2, 3})}),
              {"op 'n' (reshape)", "cannot reshape [2,3] to target shape [5,-1]", "do not divide by 5"});
  ExpectError(Infer(OpKind::kReshape, ReshapeAttrs{{4, 2}}, {F32({2, 3})}), {"element counts differ"});
  ExpectError(Infer(OpKind::kReshape, ReshapeAttrs{{-1, -1}}, {F32({2, 3})}), {"more than one -1"});
  ExpectError(Infer(OpKind::kReshape, ReshapeAttrs{{2, -3}}, {F32({2, 3})}), {"negative dim -3"});
  ExpectError(Infer(OpKind::kReshape, ReshapeAttrs{{6, 0}}, {F32({6})}), {"input #0", "copies dim 1 with 0"});
  // A copied zero-sized dim leaves -1 well defined.
  ExpectShape(Infer(OpKind::kReshape, ReshapeAttrs{{0, -1}}, {F32({0, 5})}), DType::kFloat32, Shape{0, 5});
}

TEST(TensorSchemasTest, Flatten) {
  ExpectShape(Infer(OpKind::kFlatten, FlattenAttrs{1, -1}, {F32({2, 3, 4, 5})}), DType::kFloat32, Shape{2, 60});
  ExpectShape(Infer(OpKind::kFlatten, FlattenAttrs{0, 1}, {F32({U, 3, 4})}), DType::kFloat32, Shape{U, 4});
  ExpectShape(Infer(OpKind::kFlatten, FlattenAttrs{-2, -2}, {F32({2, 3, 4})}), DType::kFloat32, Shape{2, 3, 4});
  ExpectShape(Infer(OpKind::kFlatten, FlattenAttrs{}, {F32({})}), DType::kFloat32, Shape{1});
  ExpectError(Infer(OpKind::kFlatten, FlattenAttrs{2, 1}, {F32({2, 3, 4})}), {"start <= stop"});
  ExpectError(Infer(OpKind::kFlatten, FlattenAttrs{3, -1}, {F32({2, 3})}), {"'start_axis' value 3 in [-2, 1]"});
}

TEST(TensorSchemasTest, Transpose) {
  ExpectShape(Infer(OpKind::kTranspose, TransposeAttrs{{0, 2, 3, 1}}, {F32({U, 3, 5, 7})}), DType::kFloat32,
              Shape{U, 5, 7, 3});
  ExpectShape(Infer(OpKind::kTranspose, TransposeAttrs{{-1, 0}}, {F32({2, 3})}), DType::kFloat32, Shape{3, 2});
  ExpectShape(Infer(OpKind::kTranspose, TransposeAttrs{}, {F32({2, 3, 4})}), DType::kFloat32, Shape{4, 3, 2});
  ExpectError(Infer(OpKind::kTranspose, TransposeAttrs{{0, 0, 1}}, {F32({2, 3, 4})}), {"permutation", "twice"});
  ExpectError(Infer(OpKind::kTranspose, TransposeAttrs{{1, 0}}, {F32({2, 3, 4})}),
              {"input #0", "rank 2 to match attribute 'perm' [1,0]", "f32[2,3,4]"});
  ExpectError(Infer(OpKind::kTranspose, TransposeAttrs{{0, 2}}, {F32({2, 3})}), {"entry 2 out of range"});
}

TEST(TensorSchemasTest, SqueezeUnsqueeze) {
  ExpectShape(Infer(OpKind::kSqueeze, AxesAttrs{{}}, {F32({1, 3, 1, 2})}), DType::kFloat32, Shape{3, 2});
  ExpectShape(Infer(OpKind::kSqueeze, AxesAttrs{{-2}}, {F32({1, 3, 1, 2})}), DType::kFloat32, Shape{1, 3, 2});
  // A listed axis of size > 1 is kept (Paddle); a listed unknown one is assumed to be 1.
  ExpectShape(Infer(OpKind::kSqueeze, AxesAttrs{{0, 1}}, {F32({1, 3})}), DType::kFloat32, Shape{3});
  ExpectShape(Infer(OpKind::kSqueeze, AxesAttrs{{1}}, {F32({2, U})}), DType::kFloat32, Shape{2});
  ExpectError(Infer(OpKind::kSqueeze, AxesAttrs{{}}, {F32({U, 1})}), {"cannot infer the output rank", "dim 0"});
  ExpectError(Infer(OpKind::kSqueeze, AxesAttrs{{2}}, {F32({1, 3})}), {"'axes' value 2 in [-2, 1]"});

  ExpectShape(Infer(OpKind::kUnsqueeze, AxesAttrs{{0, 2}}, {F32({3, 4})}), DType::kFloat32, Shape{1, 3, 1, 4});
  ExpectShape(Infer(OpKind::kUnsqueeze, AxesAttrs{{-1}}, {F32({U, 4})}), DType::kFloat32, Shape{U, 4, 1});
  ExpectShape(Infer(OpKind::kUnsqueeze, AxesAttrs{{0}}, {F32({})}), DType::kFloat32, Shape{1});
  // Sequential (Paddle): the second axis counts in the already grown shape.
  ExpectShape(Infer(OpKind::kUnsqueeze, AxesAttrs{{3, 0}}, {In(DType::kInt64, {5, 6, 7})}), DType::kInt64,
              Shape{1, 5, 6, 7, 1});
  ExpectError(Infer(OpKind::kUnsqueeze, AxesAttrs{{4}}, {F32({3, 4})}), {"'axes' [4]", "out of range [-3, 2]"});
}

TEST(TensorSchemasTest, ConcatAndStack) {
  ExpectShape(Infer(OpKind::kConcat, AxisAttrs{1}, {F32({2, 3, 4}), F32({2, 5, 4}), F32({U, 1, 4})}), DType::kFloat32,
              Shape{2, 9, 4});
  ExpectShape(Infer(OpKind::kConcat, AxisAttrs{-1}, {F32({U, 3}), F32({U, U})}), DType::kFloat32, Shape{U, U});
  ExpectError(Infer(OpKind::kConcat, AxisAttrs{0}, {F32({2, 3}), F32({2, 4})}),
              {"(concat) input #1", "dim 1 = 3", "f32[2,4]"});
  ExpectError(Infer(OpKind::kConcat, AxisAttrs{0}, {F32({2, 3}), F32({2})}), {"input #1", "rank 2"});
  ExpectError(Infer(OpKind::kConcat, AxisAttrs{0}, {F32({2}), In(DType::kInt32, {2})}), {"input #1", "dtype f32"});
  ExpectError(Infer(OpKind::kConcat, AxisAttrs{2}, {F32({2, 3})}), {"'axis' value 2 in [-2, 1]"});

  ExpectShape(Infer(OpKind::kStack, AxisAttrs{1}, {F32({2, 3}), F32({2, 3}), F32({U, 3})}), DType::kFloat32,
              Shape{2, 3, 3});
  ExpectShape(Infer(OpKind::kStack, AxisAttrs{-1}, {F32({2, 3}), F32({2, 3})}), DType::kFloat32, Shape{2, 3, 2});
  ExpectShape(Infer(OpKind::kStack, AxisAttrs{0}, {F32({}), F32({})}), DType::kFloat32, Shape{2});
  ExpectError(Infer(OpKind::kStack, AxisAttrs{0}, {F32({2, 3}), F32({3, 3})}), {"(stack) input #1", "dim 0 = 2"});
}

TEST(TensorSchemasTest, Split) {
  auto r = Infer(OpKind::kSplit, SplitAttrs{1, {2, -1, 3}, 0}, {F32({4, 10})}, 3);
  ExpectShape(r, DType::kFloat32, Shape{4, 2}, 0);
  ExpectShape(r, DType::kFloat32, Shape{4, 5}, 1);
  ExpectShape(r, DType::kFloat32, Shape{4, 3}, 2);
  r = Infer(OpKind::kSplit, SplitAttrs{-1, {}, 2}, {F32({U, 6})}, 2);
  ExpectShape(r, DType::kFloat32, Shape{U, 3}, 1);
  r = Infer(OpKind::kSplit, SplitAttrs{0, {}, 0}, {F32({U, 6})}, 3);  // as many parts as outputs
  ExpectShape(r, DType::kFloat32, Shape{U, 6}, 2);
  r = Infer(OpKind::kSplit, SplitAttrs{0, {1, -1}, 0}, {F32({U, 6})}, 2);
  ExpectShape(r, DType::kFloat32, Shape{1, 6}, 0);
  ExpectShape(r, DType::kFloat32, Shape{U, 6}, 1);
  ExpectError(Infer(OpKind::kSplit, SplitAttrs{1, {2, 3}, 0}, {F32({4, 10})}, 2),
              {"(split) input #0", "dim 1 = 5 (the sum of attribute 'sections' [2,3])", "f32[4,10]"});
  ExpectError(Infer(OpKind::kSplit, SplitAttrs{1, {2, 3}, 0}, {F32({4, 5})}, 3), {"expected 3 sections"});
  ExpectError(Infer(OpKind::kSplit, SplitAttrs{1, {-1, -1}, 0}, {F32({4, 5})}, 2), {"more than one -1"});
  ExpectError(Infer(OpKind::kSplit, SplitAttrs{0, {}, 3}, {F32({4, 5})}, 3), {"divisible into 3 equal parts"});
  ExpectError(Infer(OpKind::kSplit, SplitAttrs{0, {}, 2}, {F32({4, 5})}, 3), {"'num' 2", "number of outputs 3"});
}

TEST(TensorSchemasTest, SliceFromAttrs) {
  SliceAttrs a;
  a.axes = {1, -1};
  a.starts = {1, -3};
  a.ends = {100, -1};
  ExpectShape(Infer(OpKind::kSlice, a, {F32({U, 5, 7})}), DType::kFloat32, Shape{U, 4, 2});
  a.steps = {2, -1};  // axis 1: 1,3; axis -1: from index 4 down to (not incl.) 6 -> empty
  ExpectShape(Infer(OpKind::kSlice, a, {F32({2, 5, 7})}), DType::kFloat32, Shape{2, 2, 0});
  SliceAttrs rev;
  rev.axes = {0};
  rev.starts = {-1};
  rev.ends = {-1000};
  rev.steps = {-1};
  ExpectShape(Infer(OpKind::kSlice, rev, {F32({6, 2})}), DType::kFloat32, Shape{6, 2});
  SliceAttrs dec;
  dec.axes = {0, 2};
  dec.starts = {1, 0};
  dec.ends = {2, 3};
  dec.decrease_axes = {0};
  ExpectShape(Infer(OpKind::kSlice, dec, {F32({4, 3, 5})}), DType::kFloat32, Shape{3, 3});
  dec.axes = {0};
  dec.starts = {2};
  dec.ends = {3};
  ExpectShape(Infer(OpKind::kSlice, dec, {F32({4})}), DType::kFloat32, Shape{});
}

TEST(TensorSchemasTest, SliceFromTensors) {
  std::vector<std::unique_ptr<Tensor>> keep;
  SliceAttrs a;
  a.axes = {0, 1};
  ExpectShape(Infer(OpKind::kSlice, a, {F32({6, 8}), Known({1, 2}, &keep), Known({4, -1}, &keep)}), DType::kFloat32,
              Shape{3, 5});
  // Contents unknown: the sliced dims become unknown, the others stay.
  ExpectShape(Infer(OpKind::kSlice, a, {F32({6, 8, 3}), In(DType::kInt64, {2}), Known({4, -1}, &keep)}),
              DType::kFloat32, Shape{U, U, 3});
  ExpectError(Infer(OpKind::kSlice, a, {F32({6, 8}), Known({1}, &keep), Known({4, -1}, &keep)}),
              {"(slice) input #1", "2 elements (one per attribute 'axes' entry)", "i64[1]"});
}

TEST(TensorSchemasTest, SliceErrors) {
  SliceAttrs a;
  a.axes = {0};
  a.starts = {0};
  a.ends = {2};
  a.steps = {0};
  ExpectError(Infer(OpKind::kSlice, a, {F32({4})}), {"a step is 0"});
  a.steps = {};
  a.decrease_axes = {0};
  ExpectError(Infer(OpKind::kSlice, a, {F32({4})}), {"'decrease_axes'", "extent 2", "expected 1"});
  a.decrease_axes = {1};
  ExpectError(Infer(OpKind::kSlice, a, {F32({4, 2})}), {"not one of the sliced axes"});
  a.decrease_axes = {};
  a.ends = {};
  ExpectError(Infer(OpKind::kSlice, a, {F32({4})}), {"attribute 'ends' []", "expected 1 values"});
  a.ends = {1};
  a.axes = {1};
  ExpectError(Infer(OpKind::kSlice, a, {F32({4})}), {"'axes' value 1 in [-1, 0]"});
}

TEST(TensorSchemasTest, ShapeCastIdentity) {
  ExpectShape(Infer(OpKind::kShape, NoAttrs{}, {F32({U, 3, 4})}), DType::kInt64, Shape{3});
  ExpectShape(Infer(OpKind::kShape, NoAttrs{}, {In(DType::kBool, {})}), DType::kInt64, Shape{0});
  ExpectShape(Infer(OpKind::kCast, CastAttrs{DType::kFloat16}, {In(DType::kInt64, {U, 2})}), DType::kFloat16,
              Shape{U, 2});
  ExpectError(Infer(OpKind::kCast, CastAttrs{DType::kUndefined}, {F32({2})}), {"(cast)", "'to'"});
  ExpectShape(Infer(OpKind::kIdentity, NoAttrs{}, {In(DType::kUInt8, {U, 7})}), DType::kUInt8, Shape{U, 7});
}

TEST(TensorSchemasTest, Fill) {
  ExpectShape(Infer(OpKind::kFill, FillAttrs{{2, 3}, 1.5, DType::kFloat32}, {}), DType::kFloat32, Shape{2, 3});
  ExpectShape(Infer(OpKind::kFill, FillAttrs{{}, 7.0, DType::kInt64}, {}), DType::kInt64, Shape{});
  std::vector<std::unique_ptr<Tensor>> keep;
  ExpectShape(Infer(OpKind::kFill, FillAttrs{{9}, 0.0, DType::kInt32}, {Known({4, 0, 2}, &keep)}), DType::kInt32,
              Shape{4, 0, 2});
  ExpectShape(Infer(OpKind::kFill, FillAttrs{{}, 0.0, DType::kBool}, {In(DType::kInt32, {2})}), DType::kBool,
              Shape{U, U});
  ExpectError(Infer(OpKind::kFill, FillAttrs{{2, -1}, 0.0, DType::kFloat32}, {}),
              {"(fill)", "attribute 'shape' [2,-1]", "dims >= 0"});
  ExpectError(Infer(OpKind::kFill, FillAttrs{{}, 0.0, DType::kFloat32}, {In(DType::kInt64, {U})}),
              {"cannot infer the output rank"});
}

// In a graph: a constant ShapeTensor is used as a value, Split's outputs are variadic, Shape of an
// unknown-batch input stays a 1-D i64 of the rank.
TEST(TensorSchemasTest, GraphInferenceWithConstantsAndVariadicSplit) {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{U, 6, 4});
  g.AddInput(x);
  const int64_t target[] = {0, 4, -1};
  ValueId shape = g.AddConstant("target", MakeTensor<int64_t>(Shape{3}, target));
  ValueId r = g.AddValue("r", DType::kUndefined, Shape{});
  g.AddNode("reshape", OpKind::kReshape, {x, shape}, {r}, ReshapeAttrs{});
  std::vector<ValueId> parts;
  for (int i = 0; i < 3; ++i) parts.push_back(g.AddValue("p" + std::to_string(i), DType::kUndefined, Shape{}));
  g.AddNode("split", OpKind::kSplit, {r}, parts, SplitAttrs{2, {1, -1, 2}, 0});
  ValueId dims = g.AddValue("dims", DType::kUndefined, Shape{});
  g.AddNode("shape", OpKind::kShape, {parts[1]}, {dims}, NoAttrs{});
  for (ValueId p : parts) g.AddOutput(p);
  g.AddOutput(dims);
  OAR_ASSERT_OK(VerifyGraph(g));
  OAR_ASSERT_OK(InferShapes(g));
  EXPECT_EQ(g.value(r).shape, (Shape{U, 4, 6}));
  EXPECT_EQ(g.value(parts[0]).shape, (Shape{U, 4, 1}));
  EXPECT_EQ(g.value(parts[1]).shape, (Shape{U, 4, 3}));
  EXPECT_EQ(g.value(parts[2]).shape, (Shape{U, 4, 2}));
  EXPECT_EQ(g.value(dims).dtype, DType::kInt64);
  EXPECT_EQ(g.value(dims).shape, (Shape{3}));
}

}  // namespace
}  // namespace oar::ir
