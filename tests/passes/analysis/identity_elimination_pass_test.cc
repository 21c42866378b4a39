// identity_elimination: each identity form is removed, uses rewired, graph output names kept;
// near-identities (scale 1 with a bias, reshape to another shape, dynamic shapes, real casts)
// stay.
#include "passes/analysis/identity_elimination_pass.h"

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

TEST(IdentityEliminationPass, RemovesEveryIdentityForm) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3, 4});
  ir::ValueId y = b.Op(OpKind::kRelu, {x}, ir::NoAttrs{}, "relu");
  y = b.Op(OpKind::kIdentity, {y});
  y = b.Op(OpKind::kScale, {y}, ir::ScaleAttrs{1.0f, 0.0f, false});
  y = b.Op(OpKind::kReshape, {y}, ir::ReshapeAttrs{{2, 3, 4}});
  y = b.Op(OpKind::kReshape, {y}, ir::ReshapeAttrs{{0, -1, 4}});
  y = b.Op(OpKind::kFlatten, {y}, ir::FlattenAttrs{2, 2});
  y = b.Op(OpKind::kSqueeze, {y}, ir::AxesAttrs{{}});  // no size-1 dims
  y = b.Op(OpKind::kUnsqueeze, {y}, ir::AxesAttrs{{}});
  y = b.Op(OpKind::kCast, {y}, ir::CastAttrs{DType::kFloat32});
  const float one = 1.0f;
  y = b.Op(OpKind::kScale, {y, b.Const("one", MakeTensor<float>(Shape{1}, &one))}, ir::ScaleAttrs{5.0f, 0.0f, true});
  b.Output(b.Op(OpKind::kExp, {y}, ir::NoAttrs{}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  // By default the first reshape stays: x might be fed at another size (next test), where it is
  // no identity. Its output is [2,3,4] whatever x was, so everything after it still goes.
  ir::Graph by_default = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(by_default, {"identity_elimination"}));
  EXPECT_EQ(stats[0].rewrites, 8);
  EXPECT_EQ(CountKind(by_default, OpKind::kReshape), 1);
  EXPECT_TRUE(SameOutputs(by_default, original, 1));
  // With x always fed at its declared shape, the same-shape reshapes go too.
  OAR_ASSERT_OK_AND_ASSIGN(stats, RunPasses(g, {"identity_elimination"}, TestPassOptions(), TrustInputShapes()));
  EXPECT_EQ(stats[0].rewrites, 9);

  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{2, 3, 4});
  e.Output(e.Op(OpKind::kExp, {e.Op(OpKind::kRelu, {ex})}, ir::NoAttrs{}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_TRUE(SameOutputs(g, original, 1));
}

// The identity's output is a graph output: its producer writes it instead, keeping the name,
// and the producer's other consumers read the renamed value.
TEST(IdentityEliminationPass, KeepsTheGraphOutputName) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{5});
  ir::ValueId y = b.Op(OpKind::kRelu, {x}, ir::NoAttrs{}, "relu");
  b.Output(b.Op(OpKind::kIdentity, {y}, ir::NoAttrs{}, "result"));
  b.Output(b.Op(OpKind::kExp, {y}, ir::NoAttrs{}, "other"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK(RunPasses(g, {"identity_elimination"}).status());
  EXPECT_EQ(g.value(g.outputs()[0]).name, "result.out");
  EXPECT_EQ(g.node(g.value(g.outputs()[0]).producer).kind, OpKind::kRelu);

  GraphBuilder e;
  ir::ValueId ex = e.Input("x", Shape{5});
  ir::ValueId ey = e.Op(OpKind::kRelu, {ex}, ir::NoAttrs{}, "result");
  e.Output(ey);
  e.Output(e.Op(OpKind::kExp, {ey}, ir::NoAttrs{}, "other"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph expected, e.Build());
  EXPECT_GRAPHS_EQUIVALENT(g, expected);
  EXPECT_TRUE(SameOutputs(g, original, 2));
}

TEST(IdentityEliminationPass, KeepsAnIdentityThatNamesAnInputConstantOrOtherOutput) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{5});
  ir::ValueId r = b.Op(OpKind::kRelu, {x});
  b.Output(b.Op(OpKind::kIdentity, {x}, ir::NoAttrs{}, "from_input"));
  b.Output(b.Op(OpKind::kIdentity, {b.RandomConst("c", Shape{5}, 3)}, ir::NoAttrs{}, "from_constant"));
  b.Output(r);
  b.Output(b.Op(OpKind::kIdentity, {r}, ir::NoAttrs{}, "copy_of_output"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"identity_elimination"}));
  EXPECT_EQ(stats[0].rewrites, 0);
  EXPECT_GRAPHS_EQUIVALENT(g, original);
}

// Reshape(x, [2, 6]) is the identity at the declared [2, 6] but not at [3, 4]: by default it stays.
TEST(IdentityEliminationPass, KeepsReshapesOfDeclaredInputDimsByDefault) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 6});
  b.Output(b.Op(OpKind::kReshape, {b.Op(OpKind::kExp, {x})}, ir::ReshapeAttrs{{2, 6}}, "out"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"identity_elimination"}));
  EXPECT_EQ(stats[0].rewrites, 0);
  EXPECT_TRUE(SameOutputs(g, original, 4, 1e-5, {RandomTensor(Shape{3, 4}, 5)}));
}

TEST(IdentityEliminationPass, KeepsNearIdentities) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 6});
  ir::ValueId d = b.Input("d", Shape{kUnknownDim, 6});
  b.Output(b.Op(OpKind::kScale, {x}, ir::ScaleAttrs{1.0f, 0.5f, true}));   // adds a bias
  b.Output(b.Op(OpKind::kScale, {x}, ir::ScaleAttrs{-1.0f, 0.0f, true}));  // negates
  b.Output(b.Op(OpKind::kReshape, {x}, ir::ReshapeAttrs{{3, 4}}));         // another shape
  b.Output(b.Op(OpKind::kReshape, {d}, ir::ReshapeAttrs{{0, 6}}));         // dynamic: not provable
  b.Output(b.Op(OpKind::kCast, {x}, ir::CastAttrs{DType::kFloat64}));      // a real cast
  b.Output(b.Op(OpKind::kUnsqueeze, {x}, ir::AxesAttrs{{0}}));             // adds a dim
  ir::ValueId s = b.Input("s", Shape{1});
  b.Output(b.Op(OpKind::kScale, {x, s}, ir::ScaleAttrs{1.0f, 0.0f, true}));  // scale fed at run time
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const ir::Graph original = g;
  OAR_ASSERT_OK_AND_ASSIGN(auto stats, RunPasses(g, {"identity_elimination"}));
  EXPECT_EQ(stats[0].rewrites, 0);
  EXPECT_GRAPHS_EQUIVALENT(g, original);
}

TEST(IdentityEliminationPass, MatchesReportsTheRewiringMode) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3});
  ir::ValueId r = b.Op(OpKind::kRelu, {x}, ir::NoAttrs{}, "relu");
  ir::ValueId i1 = b.Op(OpKind::kIdentity, {r}, ir::NoAttrs{}, "mid");
  b.Output(b.Op(OpKind::kIdentity, {i1}, ir::NoAttrs{}, "last"));
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  auto m0 = passes::IdentityEliminationPass::Matches(g, 0);
  EXPECT_FALSE(m0.has_value());  // relu
  auto m1 = passes::IdentityEliminationPass::Matches(g, 1);
  ASSERT_TRUE(m1.has_value());
  EXPECT_FALSE(m1->output_is_graph_output);
  auto m2 = passes::IdentityEliminationPass::Matches(g, 2);
  ASSERT_TRUE(m2.has_value());
  EXPECT_TRUE(m2->output_is_graph_output);
  // Chained identities both go; the last one's name survives.
  OAR_ASSERT_OK(RunPasses(g, {"identity_elimination"}).status());
  EXPECT_EQ(CountLive(g), 1);
  EXPECT_EQ(g.value(g.outputs()[0]).name, "last.out");
}

}  // namespace
}  // namespace oar::testing
