// Tests of the oneDNN whole-subgraph runner: FP32 outputs equal the reference executor ("ref"
// kernels) within 1e-4 relative on small nets that exercise residual sums (in place and copied),
// depthwise and grouped convs, pooling variants, an FC head, concat, registry-kernel fallbacks in
// the middle, odd channel counts and batches > 1; BF16 outputs stay within cosine 0.999 of FP32;
// blocked layouts persist across layers (few reorders); memory is reused by liveness; errors.
#include "engine/cpu/onednn_network.h"

#include <gmock/gmock.h>

#include "onednn_test_util.h"

#ifdef OAR_WITH_ONEDNN

namespace oar::engine::cpu {
namespace {

using partition::testing::GraphBuilder;
using ::testing::HasSubstr;
using namespace onednn_testing;  // NOLINT

// x [N,5,13,11] -> conv_a (->17, relu) -> conv_b (+ residual conv_a, which conv_b also reads:
// copied) -> conv_c (1x1, relu) -> conv_d (+ residual conv_b, read nowhere later: in place, relu).
ir::Graph ResidualNet(int64_t batch) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{batch, 5, 13, 11});
  ir::ValueId a = Conv(b, "conv_a", x, 5, 17, 3, 10, Pad(1, ir::ActivationKind::kRelu));
  ir::ValueId c = Conv(b, "conv_b", a, 17, 17, 3, 20, Pad(1), a);
  ir::ValueId d = Conv(b, "conv_c", c, 17, 17, 1, 30, Pad(0, ir::ActivationKind::kRelu));
  b.Output(Conv(b, "conv_d", d, 17, 17, 3, 40, Pad(1, ir::ActivationKind::kRelu), c));
  return b.Build();
}

TEST(OnednnNetworkTest, ResidualSumInPlaceAndCopied) {
  ir::Graph g = ResidualNet(2);
  ExpectMatchesReference(g, {Normal(Shape{2, 5, 13, 11}, 1)});
  NetRun r = RunNetwork(g, Precision::kFp32, {Normal(Shape{2, 5, 13, 11}, 2)});
  EXPECT_THAT(LayerNamed(*r.net, "conv_b").how, HasSubstr("residual copied"));
  EXPECT_THAT(LayerNamed(*r.net, "conv_d").how, HasSubstr("residual in place"));
  for (const auto& l : r.net->layers()) EXPECT_FALSE(l.fallback) << l.how;
  // Activations keep the primitives' layout: reorders only at the input and the output, and
  // conv_b's residual copy.
  EXPECT_LE(r.net->num_reorders(), 3u) << Layers(*r.net);
}

TEST(OnednnNetworkTest, BlockedLayoutKeepsChannelBlocksAcrossLayers) {
  ir::Graph g = ResidualNet(2);
  NetRun r = RunNetwork(g, Precision::kFp32, {Normal(Shape{2, 5, 13, 11}, 22)}, 2, ConvLayout::kBlocked);
  EXPECT_EQ(r.net->conv_layout(), ConvLayout::kBlocked);
  for (const char* name : {"conv_a", "conv_b", "conv_c", "conv_d"}) {
    EXPECT_THAT(LayerNamed(*r.net, name).how, HasSubstr("-> f32 abcd16b")) << LayerNamed(*r.net, name).how;
  }
  EXPECT_LE(r.net->num_reorders(), 3u) << Layers(*r.net);
}

TEST(OnednnNetworkTest, RunnerSettingsRoundTrip) {
  OnednnRunnerSettings s;
  s.conv_layout = ConvLayout::kBlocked;
  EXPECT_EQ(s.Encode(), "conv_layout=blocked");
  OAR_ASSERT_OK_AND_ASSIGN(OnednnRunnerSettings back, OnednnRunnerSettings::Decode(s.Encode()));
  EXPECT_EQ(back.conv_layout, ConvLayout::kBlocked);
  OAR_ASSERT_OK_AND_ASSIGN(OnednnRunnerSettings empty, OnednnRunnerSettings::Decode(""));
  EXPECT_EQ(empty.conv_layout, ConvLayout::kLibrary);
  auto bad = OnednnRunnerSettings::Decode("conv_layout=blocked;tiles=amx");
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("unknown plan setting 'tiles=amx'"));
}

TEST(OnednnNetworkTest, DepthwiseMobileNetBlock) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{3, 3, 17, 17});
  ir::ValueId s = Conv(b, "stem", x, 3, 16, 3, 40, Pad(1, ir::ActivationKind::kRelu, 2));
  ir::Conv2dAttrs dw = Pad(1, ir::ActivationKind::kClip);
  dw.groups = 16;
  dw.activation.alpha = 0.0f;
  dw.activation.beta = 6.0f;
  ir::ValueId d = Conv(b, "dw", s, 16, 16, 3, 50, dw);
  ir::ValueId p = Conv(b, "pw", d, 16, 24, 1, 60, Pad(0, ir::ActivationKind::kRelu));
  ir::Conv2dAttrs dw2 = Pad(1, ir::ActivationKind::kRelu, 2);
  dw2.groups = 24;
  ir::ValueId d2 = Conv(b, "dw2", p, 24, 24, 3, 70, dw2);
  b.Output(d2);
  ExpectMatchesReference(b.Build(), {Normal(Shape{3, 3, 17, 17}, 3)});
}

TEST(OnednnNetworkTest, GroupedDilatedConvWithLeakyRelu) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 12, 9, 10});
  ir::Conv2dAttrs a = Pad(2, ir::ActivationKind::kLeakyRelu);
  a.groups = 3;
  a.dilations = {2, 2};
  a.activation.alpha = 0.1f;
  ir::ValueId y = Conv(b, "grouped", x, 12, 18, 3, 80, a);
  ir::Conv2dAttrs same;
  same.pad_mode = ir::PadMode::kSame;
  same.strides = {2, 2};
  same.activation.kind = ir::ActivationKind::kSigmoid;
  b.Output(Conv(b, "same", y, 18, 5, 3, 90, same));
  ExpectMatchesReference(b.Build(), {Normal(Shape{2, 12, 9, 10}, 4)});
}

TEST(OnednnNetworkTest, PoolingVariants) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 5, 17, 15});
  ir::ValueId h = Conv(b, "conv", x, 5, 17, 3, 100, Pad(1));
  ir::Pool2dAttrs max;
  max.kernel = {3, 3};
  max.strides = {2, 2};
  max.pads = {1, 1, 1, 1};
  max.ceil_mode = true;
  ir::ValueId p1 = b.Op("max_ceil", ir::OpKind::kPool2d, {h}, max);
  ir::Pool2dAttrs avg_in = max;
  avg_in.type = ir::PoolType::kAvg;
  avg_in.exclusive = false;
  avg_in.ceil_mode = false;
  ir::ValueId p2 = b.Op("avg_inclusive", ir::OpKind::kPool2d, {h}, avg_in);
  ir::Pool2dAttrs avg_ex = avg_in;
  avg_ex.exclusive = true;
  avg_ex.ceil_mode = true;
  ir::ValueId p3 = b.Op("avg_exclusive", ir::OpKind::kPool2d, {p1}, avg_ex);
  ir::Pool2dAttrs global;
  global.type = ir::PoolType::kAvg;
  global.global = true;
  ir::ValueId p4 = b.Op("global", ir::OpKind::kPool2d, {h}, global);
  ir::Pool2dAttrs adaptive;
  adaptive.type = ir::PoolType::kMax;
  adaptive.adaptive = true;
  adaptive.kernel = {3, 4};  // output 3x4 of 17x15: the sizes do not divide, so the registry kernel runs it
  ir::ValueId p5 = b.Op("adaptive", ir::OpKind::kPool2d, {h}, adaptive);
  for (ir::ValueId v : {p1, p2, p3, p4, p5}) b.Output(v);
  ir::Graph g = b.Build();
  ExpectMatchesReference(g, {Normal(Shape{2, 5, 17, 15}, 5)});
  NetRun r = RunNetwork(g, Precision::kFp32, {Normal(Shape{2, 5, 17, 15}, 6)});
  EXPECT_TRUE(LayerNamed(*r.net, "adaptive").fallback);
  EXPECT_THAT(LayerNamed(*r.net, "adaptive").how, HasSubstr("does not divide"));
  EXPECT_FALSE(LayerNamed(*r.net, "max_ceil").fallback);
}

// conv -> relu -> global pool -> flatten -> matmul (+bias, relu) -> matmul (+bias) -> softmax.
ir::Graph FcHead(int64_t batch) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{batch, 3, 16, 16});
  ir::ValueId h = Conv(b, "conv", x, 3, 32, 3, 110, Pad(1));
  ir::ValueId r = b.Op("relu", ir::OpKind::kRelu, {h});
  ir::Pool2dAttrs global;
  global.type = ir::PoolType::kAvg;
  global.global = true;
  ir::ValueId p = b.Op("gap", ir::OpKind::kPool2d, {r}, global);
  ir::ValueId f = b.Op("flatten", ir::OpKind::kFlatten, {p}, ir::FlattenAttrs{});
  ir::MatMulAttrs m1;
  m1.activation.kind = ir::ActivationKind::kRelu;
  ir::ValueId w1 = b.Const("w1", Normal(Shape{32, 20}, 111, 0.2f));
  ir::ValueId b1 = b.Const("b1", Normal(Shape{20}, 112, 0.1f));
  ir::ValueId fc1 = b.Op("fc1", ir::OpKind::kMatMul, {f, w1, b1}, m1);
  ir::ValueId w2 = b.Const("w2", Normal(Shape{20, 10}, 113, 0.3f));
  ir::ValueId b2 = b.Const("b2", Normal(Shape{10}, 114, 0.1f));
  ir::ValueId fc2 = b.Op("fc2", ir::OpKind::kMatMul, {fc1, w2, b2}, ir::MatMulAttrs{});
  b.Output(b.Op("softmax", ir::OpKind::kSoftmax, {fc2}, ir::SoftmaxAttrs{}));
  return b.Build();
}

TEST(OnednnNetworkTest, FcHeadWithSoftmax) {
  ExpectMatchesReference(FcHead(1), {Normal(Shape{1, 3, 16, 16}, 7)});
  ExpectMatchesReference(FcHead(4), {Normal(Shape{4, 3, 16, 16}, 8)});
}

TEST(OnednnNetworkTest, ConcatInceptionBlock) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 6, 11, 11});
  ir::ValueId b1 = Conv(b, "b1", x, 6, 7, 1, 120, Pad(0, ir::ActivationKind::kRelu));
  ir::ValueId r = Conv(b, "b2_reduce", x, 6, 4, 1, 130, Pad(0, ir::ActivationKind::kRelu));
  ir::ValueId b2 = Conv(b, "b2", r, 4, 9, 3, 140, Pad(1, ir::ActivationKind::kRelu));
  ir::Pool2dAttrs pool;
  pool.kernel = {3, 3};
  pool.pads = {1, 1, 1, 1};
  ir::ValueId p = b.Op("b3_pool", ir::OpKind::kPool2d, {x}, pool);
  ir::ValueId b3 = Conv(b, "b3", p, 6, 5, 1, 150, Pad(0, ir::ActivationKind::kRelu));
  ir::AxisAttrs axis;
  axis.axis = 1;
  ir::ValueId cat = b.Op("concat", ir::OpKind::kConcat, {b1, b2, b3}, axis);
  b.Output(Conv(b, "after", cat, 21, 8, 3, 160, Pad(1)));
  ExpectMatchesReference(b.Build(), {Normal(Shape{2, 6, 11, 11}, 9)});
}

TEST(OnednnNetworkTest, RegistryKernelInTheMiddle) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{2, 5, 9, 7});
  ir::ValueId h = Conv(b, "conv1", x, 5, 17, 3, 170, Pad(1, ir::ActivationKind::kRelu));
  ir::TransposeAttrs t;
  t.perm = {0, 1, 3, 2};
  ir::ValueId tr = b.Op("transpose", ir::OpKind::kTranspose, {h}, t);
  ir::ValueId y = Conv(b, "conv2", tr, 17, 6, 3, 180, Pad(1));
  ir::ValueId z = b.Op("tanh", ir::OpKind::kTanh, {y});
  b.Output(z);
  b.Output(tr);  // an output a registry kernel writes, also read inside
  ir::Graph g = b.Build();
  ExpectMatchesReference(g, {Normal(Shape{2, 5, 9, 7}, 10)});
  NetRun r = RunNetwork(g, Precision::kFp32, {Normal(Shape{2, 5, 9, 7}, 11)});
  EXPECT_TRUE(LayerNamed(*r.net, "transpose").fallback);
  EXPECT_THAT(LayerNamed(*r.net, "transpose").how, HasSubstr("no oneDNN layer for transpose"));
  EXPECT_FALSE(LayerNamed(*r.net, "conv2").fallback);
}

TEST(OnednnNetworkTest, ElementwiseBinaryAndNormalization) {
  GraphBuilder b;
  const int64_t c = 17;
  ir::ValueId x = b.Input("x", Shape{2, c, 6, 5});
  ir::ValueId h = Conv(b, "conv", x, c, c, 3, 190, Pad(1));
  ir::ValueId bn =
      b.Op("bn", ir::OpKind::kBatchNorm,
           {h, b.Const("bn.s", Normal(Shape{c}, 191, 0.2f, 1.0f)), b.Const("bn.b", Normal(Shape{c}, 192, 0.1f)),
            b.Const("bn.m", Normal(Shape{c}, 193, 0.1f)), b.Const("bn.v", Normal(Shape{c}, 194, 0.1f, 1.0f))},
           ir::BatchNormAttrs{});
  ir::ValueId sg = b.Op("sigmoid", ir::OpKind::kSigmoid, {bn});
  ir::ValueId th = b.Op("tanh", ir::OpKind::kTanh, {bn});
  ir::ValueId add = b.Op("add", ir::OpKind::kAdd, {sg, th});
  ir::ValueId scale_c = b.Const("chan_scale", Normal(Shape{1, c, 1, 1}, 195, 0.5f, 1.0f));
  ir::ValueId mul = b.Op("mul", ir::OpKind::kMul, {scale_c, add});  // broadcast first: swapped
  ir::ValueId sub = b.Op("sub", ir::OpKind::kSub, {mul, b.Const("row", Normal(Shape{5}, 196))});
  ir::ValueId div = b.Op("div", ir::OpKind::kDiv, {sub, b.Const("two", Normal(Shape{1}, 197, 0.0f, 2.0f))});
  ir::ValueId mx = b.Op("max", ir::OpKind::kMax, {div, sg});
  ir::ValueId mn = b.Op("min", ir::OpKind::kMin, {mx, th});
  ir::HardSigmoidAttrs hs;
  ir::ValueId hsig = b.Op("hard_sigmoid", ir::OpKind::kHardSigmoid, {mn}, hs);
  ir::ValueId hsw = b.Op("hard_swish", ir::OpKind::kHardSwish, {mn}, ir::HardSwishAttrs{});
  ir::HardSwishAttrs odd;
  odd.threshold = 5.0f;
  ir::ValueId hsw2 = b.Op("hard_swish_odd", ir::OpKind::kHardSwish, {hsw}, odd);
  ir::ValueId sw = b.Op("swish", ir::OpKind::kSwish, {hsw2}, ir::SwishAttrs{1.5f});
  ir::ValueId ge = b.Op("gelu", ir::OpKind::kGelu, {sw}, ir::GeluAttrs{});
  ir::ValueId ex = b.Op("exp", ir::OpKind::kExp, {hsig});
  ir::ValueId sq = b.Op("sqrt", ir::OpKind::kSqrt, {ex});
  ir::ValueId pw = b.Op("pow", ir::OpKind::kPow, {sq, b.Const("e", Normal(Shape{1}, 198, 0.0f, 3.0f))});
  ir::ClipAttrs clip;
  clip.min = -0.5f;
  clip.max = 0.7f;
  ir::ValueId cl = b.Op("clip", ir::OpKind::kClip, {ge}, clip);
  ir::ScaleAttrs sc;
  sc.scale = 1.5f;
  sc.bias = 0.25f;
  sc.bias_after_scale = false;
  ir::ValueId scl = b.Op("scale", ir::OpKind::kScale, {cl}, sc);
  ir::ValueId lr = b.Op("leaky", ir::OpKind::kLeakyRelu, {scl}, ir::LeakyReluAttrs{0.2f});
  ir::LrnAttrs lrn;
  lrn.size = 3;
  lrn.alpha = 0.5f;
  ir::ValueId ln = b.Op("lrn", ir::OpKind::kLrn, {lr}, lrn);
  b.Output(b.Op("sum", ir::OpKind::kAdd, {ln, pw}));
  b.Output(mn);
  ir::Graph g = b.Build();
  ExpectMatchesReference(g, {Normal(Shape{2, c, 6, 5}, 12)});
  NetRun r = RunNetwork(g, Precision::kFp32, {Normal(Shape{2, c, 6, 5}, 13)});
  EXPECT_TRUE(LayerNamed(*r.net, "hard_swish_odd").fallback);
  for (const char* name : {"bn", "mul", "sub", "div", "pow", "lrn", "hard_swish", "gelu"}) {
    EXPECT_FALSE(LayerNamed(*r.net, name).fallback) << name << ": " << LayerNamed(*r.net, name).how;
  }
}

TEST(OnednnNetworkTest, OutputsThatAreInputsOrRepeated) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 4, 5, 5});
  ir::ValueId h = Conv(b, "conv", x, 4, 4, 3, 200, Pad(1));
  ir::ValueId r = b.Op("relu", ir::OpKind::kRelu, {h});
  b.Output(r);
  b.Output(x);
  b.Output(r);
  b.Output(h);
  ExpectMatchesReference(b.Build(), {Normal(Shape{1, 4, 5, 5}, 14)});
}

TEST(OnednnNetworkTest, ArenaReusesMemoryByLiveness) {
  GraphBuilder b;
  ir::ValueId v = b.Input("x", Shape{1, 16, 20, 20});
  for (int i = 0; i < 8; ++i) v = Conv(b, "conv" + std::to_string(i), v, 16, 16, 3, 300 + 10 * i, Pad(1));
  b.Output(v);
  ir::Graph g = b.Build();
  NetRun r = RunNetwork(g, Precision::kFp32, {Normal(Shape{1, 16, 20, 20}, 15)});
  const size_t one = 16 * 20 * 20 * sizeof(float);
  EXPECT_GT(r.net->arena_bytes(), 0u);
  EXPECT_LE(r.net->arena_bytes(), 3 * one);  // 7 intermediates, at most two live at once (+ a reorder)
  EXPECT_GT(r.net->packed_weight_bytes(), 0u);
  // A second run with other data gives the reference again (nothing left over from the first).
  Tensor x2 = Normal(Shape{1, 16, 20, 20}, 16);
  std::vector<Tensor> want = RunReference(g, {x2});
  Tensor out(DType::kFloat32, r.net->output_shapes()[0]);
  OAR_ASSERT_OK(r.net->Run({&x2}, {&out}));
  EXPECT_LE(oar::testing::MaxRelativeError(out, want[0]), 1e-4);
}

TEST(OnednnNetworkTest, NetworksShareOneWeightCache) {
  ir::Graph g = ResidualNet(kUnknownDim);
  OnednnWeightCache cache;
  OnednnNetwork::Options options;
  options.weights = &cache;
  OAR_ASSERT_OK_AND_ASSIGN(auto net2, OnednnNetwork::Create(g, Precision::kFp32, {Shape{2, 5, 13, 11}}, 1, options));
  const size_t packed = cache.size();
  EXPECT_EQ(packed, 4u);  // the four conv weights
  EXPECT_EQ(cache.bytes(), net2->packed_weight_bytes());
  OAR_ASSERT_OK_AND_ASSIGN(auto again, OnednnNetwork::Create(g, Precision::kFp32, {Shape{2, 5, 13, 11}}, 2, options));
  EXPECT_EQ(cache.size(), packed);  // same layouts: nothing packed twice
  OAR_ASSERT_OK_AND_ASSIGN(auto net3, OnednnNetwork::Create(g, Precision::kFp32, {Shape{3, 5, 13, 11}}, 1, options));
  for (OnednnNetwork* net : {net2.get(), again.get(), net3.get()}) {
    Tensor x = Normal(net->input_shapes()[0], 30);
    Tensor y(DType::kFloat32, net->output_shapes()[0]);
    OAR_ASSERT_OK(net->Run({&x}, {&y}));
    EXPECT_LE(oar::testing::MaxRelativeError(y, RunReference(g, {x})[0]), 1e-4);
  }
}

TEST(OnednnNetworkTest, ProfileTimesEveryLayer) {
  ir::Graph g = FcHead(2);
  Tensor x = Normal(Shape{2, 3, 16, 16}, 17);
  NetRun r = RunNetwork(g, Precision::kFp32, {x});
  std::vector<double> ms;
  Tensor out(DType::kFloat32, r.net->output_shapes()[0]);
  OAR_ASSERT_OK(r.net->Profile({&x}, {&out}, &ms));
  ASSERT_EQ(ms.size(), r.net->layers().size());
  EXPECT_GT(ms[0], 0.0);  // the conv
  EXPECT_TRUE(oar::testing::TensorsNear(out, r.outputs[0]));
}

TEST(OnednnNetworkTest, ErrorsAndShapeMatching) {
  ir::Graph g = ResidualNet(2);
  auto fp16 = OnednnNetwork::Create(g, Precision::kFp16, {Shape{2, 5, 13, 11}}, 1);
  EXPECT_EQ(fp16.status().code(), ErrorCode::kUnsupported);
  EXPECT_THAT(fp16.status().message(), HasSubstr("precision fp16 is not supported"));
  auto bad = OnednnNetwork::Create(g, Precision::kFp32, {Shape{2, 4, 13, 11}}, 1);
  EXPECT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("onednn network: "));
  NetRun r = RunNetwork(g, Precision::kFp32, {Normal(Shape{2, 5, 13, 11}, 18)}, 1);
  EXPECT_TRUE(r.net->Matches({Shape{2, 5, 13, 11}}));
  EXPECT_FALSE(r.net->Matches({Shape{1, 5, 13, 11}}));
  Tensor small = Normal(Shape{1, 5, 13, 11}, 19);
  Tensor out(DType::kFloat32, r.net->output_shapes()[0]);
  Status s = r.net->Run({&small}, {&out});
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(s.message(),
              HasSubstr("input 'x': expected f32[2,5,13,11] (the shapes it was built for), got f32[1,5,13,11]"));
  Tensor x = Normal(Shape{2, 5, 13, 11}, 20);
  Tensor wrong(DType::kFloat32, Shape{1, 17, 13, 11});
  EXPECT_THAT(r.net->Run({&x}, {&wrong}).message(),
              HasSubstr("output 'conv_d.out': expected an allocated f32[2,17,13,11]"));
}

TEST(OnednnNetworkTest, Bf16NeedsTheIsaOrSaysWhy) {
  std::string isa;
  const bool has = CpuSupportsBf16(&isa);
  Status s = CheckBf16Support("engine builder");
  if (has) {
    OAR_EXPECT_OK(s);
    NetRun r = RunNetwork(ResidualNet(1), Precision::kBf16, {Normal(Shape{1, 5, 13, 11}, 21)});
    EXPECT_THAT(LayerNamed(*r.net, "conv_b").how, HasSubstr("bf16"));
  } else {
    EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
    EXPECT_THAT(s.message(),
                HasSubstr("engine builder: bf16 needs a CPU with avx512_bf16 or AMX; this CPU has " + isa));
    auto net = OnednnNetwork::Create(ResidualNet(1), Precision::kBf16, {Shape{1, 5, 13, 11}}, 1);
    EXPECT_EQ(net.status().code(), ErrorCode::kUnsupported);
  }
}

}  // namespace
}  // namespace oar::engine::cpu

#endif  // OAR_WITH_ONEDNN
