// constant_folding: nodes on constants become constants, Shape of static shapes and whole
// shape-op chains fold; data-dependent ops, oversized outputs, missing evaluators and failing
// evaluations leave nodes in place.
#include "passes/analysis/constant_folding_pass.h"

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

Tensor I64(const Shape& shape, const std::vector<int64_t>& v) { return MakeTensor<int64_t>(shape, v.data()); }

TEST(ConstantFoldingPass, FoldsOpsOnConstants) {
  const Tensor w = RandomTensor(Shape{5, 4}, 1);
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3, 4});
  ir::ValueId wt = b.Op(OpKind::kTranspose, {b.Const("w", w)}, ir::TransposeAttrs{{1, 0}});
  ir::ValueId ws = b.Op(OpKind::kScale, {wt}, ir::ScaleAttrs{2.0f, 0.0f, true});
  b.Output(b.Op(OpKind::kMatMul, {x, ws}, ir::MatMulAttrs{}, "mm"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"constant_folding"}));
  EXPECT_EQ(stats[0].rewrites, 2);
  EXPECT_EQ(g.FindValue("w"), ir::kNoValue) << "the original weight is no longer used";

  Tensor folded(DType::kFloat32, Shape{4, 5});
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 5; ++j) folded.data<float>()[i * 5 + j] = 2.0f * w.data<float>()[j * 4 + i];
  }
  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{3, 4});
  e.Output(e.Op(OpKind::kMatMul, {ex, e.Const("wt", folded)}, ir::MatMulAttrs{}, "mm"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_TRUE(SameOutputs(g, original, 10));
}

// shape -> slice -> concat -> reshape: the ShapeTensor folds into a constant and the reshape
// gets a static output shape.
TEST(ConstantFoldingPass, FoldsShapeChainsOfStaticShapes) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3, 4, 5});
  ir::ValueId y = b.Op(OpKind::kRelu, {x}, ir::NoAttrs{}, "relu");
  ir::ValueId s = b.Op(OpKind::kShape, {y});
  ir::SliceAttrs slice;
  slice.axes = {0};
  slice.starts = {0};
  slice.ends = {2};
  ir::ValueId head = b.Op(OpKind::kSlice, {s}, slice);
  ir::ValueId target = b.Op(OpKind::kConcat, {head, b.Const("minus1", I64(Shape{1}, {-1}))}, ir::AxisAttrs{0});
  ir::ValueId r = b.Op(OpKind::kReshape, {y, target}, ir::ReshapeAttrs{}, "reshape");
  // A second Shape, of the reshape's output: static only once the chain above has folded.
  ir::ValueId s2 = b.Op(OpKind::kShape, {r});
  b.Output(r);
  b.Output(b.Op(OpKind::kCast, {s2}, ir::CastAttrs{DType::kInt32}, "dims"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  ASSERT_FALSE(g.value(r).shape.IsStatic()) << "before folding the reshape's shape is not known";
  const ir::Graph original = g;
  // Only valid when x is always fed at its declared shape.
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"constant_folding"}, TestPassOptions(), TrustInputShapes()));
  EXPECT_EQ(stats[0].rewrites, 5);

  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{2, 3, 4, 5});
  ir::ValueId ey = e.Op(OpKind::kRelu, {ex});
  e.Output(e.Op(OpKind::kReshape, {ey, e.Const("t", I64(Shape{3}, {2, 3, -1}))}, ir::ReshapeAttrs{}, "reshape"));
  e.Output(e.Const("dims.out", MakeTensor<int32_t>(Shape{3}, std::vector<int32_t>{2, 3, 20}.data())));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);  // also checks that the folded output kept its name
  EXPECT_EQ(g.value(g.outputs()[0]).shape, Shape({2, 3, 20}));
  EXPECT_TRUE(SameOutputs(g, original, 11));
}

// By default the declared input dims are not trusted (the executor runs other sizes): Shape of
// an input-derived value stays, and the graph still computes the right thing at another size.
TEST(ConstantFoldingPass, DoesNotFoldShapesOfDeclaredInputDimsByDefault) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3, 4, 5});
  ir::ValueId y = b.Op(OpKind::kRelu, {x});
  ir::ValueId s = b.Op(OpKind::kShape, {y});
  b.Output(b.Op(OpKind::kReshape, {y, s}, ir::ReshapeAttrs{}, "reshape"));
  // ReduceMean with keepdims over every axis is [1,1,1,1] whatever the input size: that folds.
  ir::ReduceAttrs all;
  all.reduce_all = true;
  all.keepdims = true;
  b.Output(b.Op(OpKind::kShape, {b.Op(OpKind::kReduceMean, {x}, all)}, ir::NoAttrs{}, "fixed"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"constant_folding"}));
  EXPECT_EQ(stats[0].rewrites, 1);
  EXPECT_EQ(CountKind(g, OpKind::kShape), 1);
  ASSERT_TRUE(g.value(g.outputs()[1]).is_constant());
  EXPECT_EQ(g.value(g.inputs()[0]).shape, Shape({2, 3, 4, 5})) << "declared shapes are restored afterwards";
  EXPECT_TRUE(SameOutputs(g, original, 15, 1e-5, {RandomTensor(Shape{2, 3, 7, 6}, 16)}));
}

TEST(ConstantFoldingPass, FoldsFillWithoutInputs) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3});
  ir::FillAttrs fill;
  fill.shape = {2, 3};
  fill.value = 0.5;
  b.Output(b.Op(OpKind::kAdd, {x, b.Op(OpKind::kFill, {}, fill)}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK(RunPasses(g, {"constant_folding"}).status());
  EXPECT_EQ(CountLive(g), 1);
  EXPECT_TRUE(SameOutputs(g, original, 12));
}

TEST(ConstantFoldingPass, RespectsTheOutputSizeCap) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{10, 100});
  ir::FillAttrs fill;
  fill.shape = {10, 100};
  fill.value = 2.0;
  b.Output(b.Op(OpKind::kMul, {x, b.Op(OpKind::kFill, {}, fill)}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  passes::PassOptions options = TestPassOptions();
  options.constant_folding.max_output_bytes = 3999;  // the fill is 4000 bytes
  ir::Graph capped = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(capped, {"constant_folding"}, options));
  EXPECT_EQ(stats[0].rewrites, 0);
  EXPECT_EQ(CountKind(capped, OpKind::kFill), 1);
  options.constant_folding.max_output_bytes = 4000;
  OAR_ASSERT_OK_AND_ASSIGN(stats, RunPasses(g, {"constant_folding"}, options));
  EXPECT_EQ(stats[0].rewrites, 1);
}

TEST(ConstantFoldingPass, WithoutEvaluatorOnlyShapeFolds) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3});
  b.Output(b.Op(OpKind::kShape, {x}, ir::NoAttrs{}, "shape"));
  b.Output(b.Op(OpKind::kExp, {b.RandomConst("c", Shape{3}, 13)}, ir::NoAttrs{}, "exp"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"constant_folding"}, passes::PassOptions{}, TrustInputShapes()));
  EXPECT_EQ(stats[0].rewrites, 1);
  ASSERT_TRUE(g.value(g.outputs()[0]).is_constant());
  EXPECT_TRUE(TensorsNear(*g.value(g.outputs()[0]).constant, I64(Shape{2}, {2, 3})));
  EXPECT_EQ(CountKind(g, OpKind::kExp), 1);
}

TEST(ConstantFoldingPass, DoesNotFoldDynamicShapesOrDataDependentOps) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{kUnknownDim, 3});
  b.Output(b.Op(OpKind::kShape, {x}));
  Tensor boxes = RandomTensor(Shape{1, 6, 4}, 14, 0.0f, 1.0f);
  Tensor scores = RandomTensor(Shape{1, 2, 6}, 15, 0.0f, 1.0f);
  std::vector<ir::ValueId> nms =
      b.OpN(OpKind::kMulticlassNms, {b.Const("boxes", boxes), b.Const("scores", scores)}, 3, ir::MulticlassNmsAttrs{});
  b.Output(nms[0]);
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"constant_folding"}));
  EXPECT_EQ(stats[0].rewrites, 0);
  EXPECT_GRAPHS_EQUIVALENT(g, original);
}

TEST(ConstantFoldingPass, KeepsANodeTheEvaluatorFailsOn) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3});
  ir::ValueId c = b.Op(OpKind::kSqrt, {b.RandomConst("c", Shape{3}, 16, 0.0f, 1.0f)}, ir::NoAttrs{}, "sqrt");
  b.Output(b.Op(OpKind::kAdd, {x, c}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  passes::PassOptions options;
  int calls = 0;
  options.constant_folding.evaluator = [&calls](const ir::Node& n,
                                                const std::vector<const Tensor*>&) -> StatusOr<std::vector<Tensor>> {
    ++calls;
    return Unsupported("test evaluator: op '" + n.name + "' refused");
  };
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"constant_folding"}, options));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(stats[0].rewrites, 0);
  EXPECT_EQ(CountKind(g, OpKind::kSqrt), 1);
}

TEST(ConstantFoldingPass, MatchesDistinguishesStaticShapeFromEvaluation) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{4});
  b.Output(b.Op(OpKind::kShape, {x}));
  b.Output(b.Op(OpKind::kExp, {b.RandomConst("c", Shape{2}, 17)}));
  b.Output(b.Op(OpKind::kRelu, {x}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  passes::ConstantFoldingPass pass(TestPassOptions());
  auto m0 = pass.Matches(g, 0);
  ASSERT_TRUE(m0.has_value());
  EXPECT_TRUE(m0->static_shape);
  auto m1 = pass.Matches(g, 1);
  ASSERT_TRUE(m1.has_value());
  EXPECT_FALSE(m1->static_shape);
  EXPECT_FALSE(pass.Matches(g, 2).has_value());
}

}  // namespace
}  // namespace oar::testing
