// The shared pass helpers: per-channel broadcast checks, activation mapping, sole consumers and
// the output takeover edit.
#include "passes/pass_util.h"

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using passes::PerChannelValues;

TEST(PassUtil, PerChannelValuesAcceptsChannelAndScalarShapes) {
  const Tensor c = RandomTensor(Shape{1, 4, 1, 1}, 1);
  auto v = PerChannelValues(c, 4, 1, 4);
  ASSERT_TRUE(v.has_value());
  for (int i = 0; i < 4; ++i) EXPECT_EQ((*v)[static_cast<size_t>(i)], c.GetDouble(i));
  Tensor c3 = c.Clone();
  c3.ReshapeInPlace(Shape{4, 1, 1});
  EXPECT_TRUE(PerChannelValues(c3, 4, 1, 4).has_value());
  const float s = 2.5f;
  for (const Shape& shape : {Shape{}, Shape{1}, Shape{1, 1, 1, 1}}) {
    auto sv = PerChannelValues(MakeTensor<float>(shape, &s), 4, 1, 3);
    ASSERT_TRUE(sv.has_value()) << shape.ToString();
    EXPECT_EQ(*sv, std::vector<double>(3, 2.5));
  }
  // Last-dim bias of a rank-3 result: [N], [1,N], [1,1,N].
  const Tensor n = RandomTensor(Shape{1, 6}, 2);
  auto nv = PerChannelValues(n, 3, 2, 6);
  ASSERT_TRUE(nv.has_value());
  EXPECT_EQ((*nv)[5], n.GetDouble(5));
}

TEST(PassUtil, PerChannelValuesRejectsOtherBroadcasts) {
  EXPECT_FALSE(PerChannelValues(RandomTensor(Shape{4}, 3), 4, 1, 4).has_value()) << "[C] aligns with W, not C";
  EXPECT_FALSE(PerChannelValues(RandomTensor(Shape{1, 4, 2, 1}, 4), 4, 1, 4).has_value()) << "varies along H";
  EXPECT_FALSE(PerChannelValues(RandomTensor(Shape{1, 1, 4, 1, 1}, 5), 4, 1, 4).has_value()) << "widens the rank";
  EXPECT_FALSE(PerChannelValues(RandomTensor(Shape{2, 4, 1, 1}, 6), 4, 1, 4).has_value()) << "varies along N";
  EXPECT_FALSE(PerChannelValues(RandomTensor(Shape{1, 3, 1, 1}, 7), 4, 1, 4).has_value()) << "wrong channel count";
}

TEST(PassUtil, ActivationOfNodeMapsParameters) {
  ir::Node n;
  n.inputs = {0};
  n.outputs = {1};
  n.kind = OpKind::kHardSwish;
  n.attrs = ir::HardSwishAttrs{5.0f, 4.0f, 2.0f};
  auto a = passes::ActivationOfNode(n);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->kind, ir::ActivationKind::kHardSwish);
  EXPECT_EQ(a->alpha, 5.0f);
  EXPECT_EQ(a->beta, 4.0f);
  EXPECT_EQ(a->gamma, 2.0f);
  n.kind = OpKind::kClip;
  n.attrs = ir::ClipAttrs{-1.0f, 3.0f};
  a = passes::ActivationOfNode(n);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->kind, ir::ActivationKind::kClip);
  EXPECT_EQ(a->alpha, -1.0f);
  EXPECT_EQ(a->beta, 3.0f);
  n.kind = OpKind::kHardSigmoid;
  n.attrs = ir::HardSigmoidAttrs{0.3f, 0.6f};
  a = passes::ActivationOfNode(n);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->alpha, 0.3f);
  EXPECT_EQ(a->beta, 0.6f);
  n.kind = OpKind::kTanh;
  n.attrs = ir::NoAttrs{};
  EXPECT_FALSE(passes::ActivationOfNode(n).has_value());
  n.kind = OpKind::kRelu;
  n.inputs = {0, 2};
  EXPECT_FALSE(passes::ActivationOfNode(n).has_value()) << "an extra input is not a plain activation";
}

TEST(PassUtil, SoleConsumerAndAbsorbConsumer) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3});
  ir::ValueId a = b.Op(OpKind::kExp, {x}, ir::NoAttrs{}, "exp");
  ir::ValueId r = b.Op(OpKind::kRelu, {a}, ir::NoAttrs{}, "relu");
  ir::ValueId twice = b.Op(OpKind::kMul, {r, r}, ir::NoAttrs{}, "square");
  b.Output(twice);
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, b.Build());
  const passes::ConsumerMap consumers = g.ComputeConsumers();
  std::string why;
  EXPECT_EQ(passes::SoleConsumer(g, consumers, a, &why), 1);
  EXPECT_EQ(passes::SoleConsumer(g, consumers, r, &why), ir::kNoNode);
  EXPECT_NE(why.find("2 uses"), std::string::npos) << why;
  EXPECT_EQ(passes::SoleConsumer(g, consumers, twice, &why), ir::kNoNode);
  EXPECT_NE(why.find("graph output"), std::string::npos) << why;

  passes::AbsorbConsumer(g, 0, 1);  // exp takes over relu's output (not a computation-preserving edit)
  EXPECT_TRUE(g.node(1).removed);
  EXPECT_EQ(g.node(0).outputs[0], r);
  EXPECT_EQ(g.value(r).producer, 0);
  EXPECT_EQ(g.value(a).producer, ir::kNoNode);
  OAR_EXPECT_OK(ir::VerifyGraph(g));
}

TEST(PassUtil, SameShapeUpToUnknownDims) {
  EXPECT_TRUE(passes::SameShapeUpToUnknownDims(Shape{kUnknownDim, 3}, Shape{kUnknownDim, 3}));
  EXPECT_FALSE(passes::SameShapeUpToUnknownDims(Shape{kUnknownDim, 3}, Shape{2, 3}));
  EXPECT_FALSE(passes::SameShapeUpToUnknownDims(Shape{2, 3}, Shape{2, 3, 1}));
  EXPECT_FALSE(passes::SameShapeUpToUnknownDims(Shape{2, 4}, Shape{2, 3}));
}

}  // namespace
}  // namespace oar::testing
