// Tests of the oneDNN network's layer builders (onednn_layers.cc): what each kind maps to, what it
// declines (with the reason, handing the node to the registry kernel), views without copies, and
// the numerics of the less common paths (activation loops, SAME pads, axis variants) against the
// reference executor.
#include <gmock/gmock.h>

#include "onednn_test_util.h"

#ifdef OAR_WITH_ONEDNN

namespace oar::engine::cpu {
namespace {

using ::testing::HasSubstr;
using namespace onednn_testing;  // NOLINT

TEST(OnednnLayersTest, ConvActivationWithoutAOneDnnFormRunsAfter) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 5, 8, 9});
  ir::Conv2dAttrs a = Pad(1, ir::ActivationKind::kHardSwish);
  a.activation.alpha = 5.0f;  // threshold 5: not oneDNN's fixed hardswish
  a.activation.beta = 6.0f;
  a.activation.gamma = 3.0f;
  ir::ValueId y = Conv(b, "conv", x, 5, 7, 3, 1, a);
  ir::Conv2dAttrs a1 = a;
  a1.pads = {0, 0, 0, 0};
  b.Output(Conv(b, "conv2", y, 7, 7, 1, 2, a1, y));
  ir::Graph g = b.Build();
  ExpectMatchesReference(g, {Normal(Shape{1, 5, 8, 9}, 3)});
  NetRun r = RunNetwork(g, Precision::kFp32, {Normal(Shape{1, 5, 8, 9}, 4)});
  EXPECT_THAT(LayerNamed(*r.net, "conv").how, HasSubstr("activation after"));
  EXPECT_FALSE(LayerNamed(*r.net, "conv").fallback);
}

TEST(OnednnLayersTest, DeclinedNodesSayWhyAndStillMatch) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 3, 5, 4});
  ir::ValueId row = b.Const("row", Normal(Shape{4}, 5));
  ir::ValueId sub = b.Op("sub_first_broadcast", ir::OpKind::kSub, {row, x});  // not commutative
  ir::ValueId e = b.Input("e", Shape{2, 3, 5, 4});
  ir::ValueId pw = b.Op("pow_runtime", ir::OpKind::kPow, {b.Op("sig", ir::OpKind::kSigmoid, {sub}), e});
  ir::Pool2dAttrs p;
  p.kernel = {2, 2};
  p.strides = {3, 3};
  p.pads = {2, 2, 2, 2};  // the first window lies wholly in the padding
  p.type = ir::PoolType::kAvg;
  p.exclusive = false;
  b.Output(b.Op("pool_pad", ir::OpKind::kPool2d, {pw}, p));
  ir::Graph g = b.Build();
  std::vector<Tensor> in = {Normal(Shape{2, 3, 5, 4}, 6), Normal(Shape{2, 3, 5, 4}, 7)};
  ExpectMatchesReference(g, in);
  NetRun r = RunNetwork(g, Precision::kFp32, in);
  EXPECT_THAT(LayerNamed(*r.net, "sub_first_broadcast").how, HasSubstr("the first operand is broadcast"));
  EXPECT_THAT(LayerNamed(*r.net, "pow_runtime").how, HasSubstr("pow needs a constant scalar exponent"));
  EXPECT_THAT(LayerNamed(*r.net, "pool_pad").how, HasSubstr("wholly in the padding"));
  for (const char* name : {"sub_first_broadcast", "pow_runtime", "pool_pad"}) {
    EXPECT_TRUE(LayerNamed(*r.net, name).fallback) << name;
  }
  EXPECT_FALSE(LayerNamed(*r.net, "sig").fallback);
}

TEST(OnednnLayersTest, ViewsReadThePlainBytes) {
  // conv -> reshape -> unsqueeze -> squeeze -> identity -> conv: views of one plain copy.
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 6, 4, 5});
  ir::ValueId h = Conv(b, "conv1", x, 6, 6, 3, 10, Pad(1));
  ir::ReshapeAttrs rs;
  rs.shape = {2, 6, 5, 4};
  ir::ValueId r = b.Op("reshape", ir::OpKind::kReshape, {h}, rs);
  ir::AxesAttrs ax;
  ax.axes = {0};
  ir::ValueId u = b.Op("unsqueeze", ir::OpKind::kUnsqueeze, {r}, ax);
  ir::ValueId s = b.Op("squeeze", ir::OpKind::kSqueeze, {u}, ax);
  ir::ValueId i = b.Op("identity", ir::OpKind::kIdentity, {s});
  b.Output(Conv(b, "conv2", i, 6, 3, 3, 20, Pad(1)));
  b.Output(u);
  ir::Graph g = b.Build();
  ExpectMatchesReference(g, {Normal(Shape{2, 6, 4, 5}, 11)});
  NetRun run = RunNetwork(g, Precision::kFp32, {Normal(Shape{2, 6, 4, 5}, 12)});
  for (const char* name : {"reshape", "unsqueeze", "squeeze"}) {
    EXPECT_THAT(LayerNamed(*run.net, name).how, HasSubstr("view of the plain f32 input")) << name;
  }
  EXPECT_THAT(LayerNamed(*run.net, "identity").how, HasSubstr("view (identity)"));
}

TEST(OnednnLayersTest, SoftmaxConcatAndNormalizationAxes) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3, 4, 5, 2});
  ir::ValueId y = b.Input("y", Shape{3, 4, 2, 2});
  ir::AxisAttrs h_axis;
  h_axis.axis = -2;
  ir::ValueId cat = b.Op("concat_h", ir::OpKind::kConcat, {x, y}, h_axis);
  ir::AxisAttrs n_axis;
  n_axis.axis = 0;
  ir::ValueId cat0 = b.Op("concat_n", ir::OpKind::kConcat, {cat, cat}, n_axis);
  ir::SoftmaxAttrs sm;
  sm.axis = 1;
  ir::ValueId soft_c = b.Op("softmax_c", ir::OpKind::kSoftmax, {cat0}, sm);
  ir::ValueId soft = b.Op("softmax_last", ir::OpKind::kSoftmax, {soft_c}, ir::SoftmaxAttrs{});
  b.Output(b.Op("bn", ir::OpKind::kBatchNorm,
                {soft, b.Const("s", Normal(Shape{4}, 1, 0.1f, 1.0f)), b.Const("b", Normal(Shape{4}, 2)),
                 b.Const("m", Normal(Shape{4}, 3)), b.Const("v", Normal(Shape{4}, 4, 0.1f, 1.0f))},
                ir::BatchNormAttrs{}));
  ir::ValueId flat = b.Input("f", Shape{6, 4});
  b.Output(b.Op("bn2d", ir::OpKind::kBatchNorm,
                {flat, b.Const("s2", Normal(Shape{4}, 5, 0.1f, 1.0f)), b.Const("b2", Normal(Shape{4}, 6)),
                 b.Const("m2", Normal(Shape{4}, 7)), b.Const("v2", Normal(Shape{4}, 8, 0.1f, 1.0f))},
                ir::BatchNormAttrs{}));
  ir::Graph g = b.Build();
  std::vector<Tensor> in = {Normal(Shape{3, 4, 5, 2}, 9), Normal(Shape{3, 4, 2, 2}, 10), Normal(Shape{6, 4}, 11)};
  ExpectMatchesReference(g, in);
  NetRun r = RunNetwork(g, Precision::kFp32, in);
  for (const auto& l : r.net->layers()) {
    if (l.name != "softmax_c") {
      EXPECT_FALSE(l.fallback) << l.name << ": " << l.how;
    }
  }
  EXPECT_THAT(LayerNamed(*r.net, "softmax_last").how, HasSubstr("f32 plain"));
  // oneDNN 2.6 has only its naive softmax across a middle axis: oar's kernel runs it instead.
  EXPECT_THAT(LayerNamed(*r.net, "softmax_c").how, HasSubstr("registry kernel"));
}

TEST(OnednnLayersTest, ScaleWithAConstantFactorTensor) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 7});
  ir::ScaleAttrs s;
  s.bias = 0.5f;
  Tensor factor = Normal(Shape{1}, 1, 0.0f, -1.5f);
  ir::ValueId y = b.Op("scale", ir::OpKind::kScale, {x, b.Const("factor", factor)}, s);
  b.Output(b.Op("sigmoid", ir::OpKind::kSigmoid, {b.Op("relu", ir::OpKind::kRelu, {y})}));
  ir::Graph g = b.Build();
  ExpectMatchesReference(g, {Normal(Shape{2, 7}, 2)});
  NetRun r = RunNetwork(g, Precision::kFp32, {Normal(Shape{2, 7}, 3)});
  EXPECT_FALSE(LayerNamed(*r.net, "scale").fallback);
  EXPECT_THAT(LayerNamed(*r.net, "relu").how, HasSubstr("in place"));
}

TEST(OnednnLayersTest, Bf16NetworkKeepsBf16BetweenLayers) {
  if (!CpuSupportsBf16()) GTEST_SKIP() << "this CPU has neither avx512_bf16 nor AMX";
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 16, 10, 10});
  ir::ValueId h = Conv(b, "conv1", x, 16, 16, 3, 1, Pad(1, ir::ActivationKind::kRelu));
  ir::Pool2dAttrs p;
  p.kernel = {2, 2};
  p.strides = {2, 2};
  ir::ValueId pool = b.Op("pool", ir::OpKind::kPool2d, {h}, p);
  ir::ValueId c2 = Conv(b, "conv2", pool, 16, 8, 1, 2, Pad(0));
  ir::SoftmaxAttrs sm;
  sm.axis = 1;
  b.Output(b.Op("softmax", ir::OpKind::kSoftmax, {c2}, sm));
  ir::Graph g = b.Build();
  NetRun r = RunNetwork(g, Precision::kBf16, {Normal(Shape{1, 16, 10, 10}, 3)});
  EXPECT_THAT(LayerNamed(*r.net, "conv1").how, HasSubstr("-> bf16"));
  EXPECT_THAT(LayerNamed(*r.net, "pool").how, HasSubstr("bf16"));
  // Only softmax (an f32 reader) reads conv2: it writes f32 directly.
  EXPECT_THAT(LayerNamed(*r.net, "conv2").how, HasSubstr("-> f32"));
  ExpectMatchesReference(g, {Normal(Shape{1, 16, 10, 10}, 4)});
}

}  // namespace
}  // namespace oar::engine::cpu

#endif  // OAR_WITH_ONEDNN
