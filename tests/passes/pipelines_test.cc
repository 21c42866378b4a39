// Built-in pipelines: names valid, lookup errors, and the default pipeline end to end on a
// small residual network (structure after, numerics against the original).
#include "passes/pipelines.h"

#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::ActivationKind;
using ir::OpKind;

TEST(Pipelines, EveryBuiltInPipelineNamesRegisteredPasses) {
  OAR_EXPECT_OK(passes::ValidatePipelines());
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<std::string> names, passes::PipelinePasses("default"));
  EXPECT_EQ(names,
            (std::vector<std::string>{"identity_elimination", "constant_folding", "dead_code_elimination",
                                      "conv_bn_fuse", "conv_bias_act_fuse", "fc_fuse", "dead_code_elimination"}));
  OAR_ASSERT_OK_AND_ASSIGN(names, passes::PipelinePasses("cleanup"));
  EXPECT_EQ(names.size(), 3u);
}

TEST(Pipelines, UnknownPipelineIsAnError) {
  auto names = passes::PipelinePasses("fastest");
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(names.status().message().find("unknown pipeline 'fastest' (known: default, cleanup)"), std::string::npos)
      << names.status().message();
  ir::Graph g;
  Status s = passes::RunPipeline("fastest", g, passes::PipelineOptions{});
  EXPECT_FALSE(s.ok());
}

ir::Conv2dAttrs Conv3x3(int64_t stride = 1) {
  ir::Conv2dAttrs a;
  a.strides = {stride, stride};
  a.pads = {1, 1, 1, 1};
  return a;
}

ir::ValueId ConvBnRelu(GraphBuilder& b, ir::ValueId x, int64_t m, int64_t c, uint64_t seed, bool relu,
                       int64_t stride = 1) {
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.RandomConst("w", Shape{m, c, 3, 3}, seed, -0.5f, 0.5f)}, Conv3x3(stride));
  y = b.Op(OpKind::kBatchNorm,
           {y, b.RandomConst("s", Shape{m}, seed + 1, 0.5f, 1.5f), b.RandomConst("b", Shape{m}, seed + 2),
            b.RandomConst("mu", Shape{m}, seed + 3), b.RandomConst("var", Shape{m}, seed + 4, 0.2f, 1.0f)},
           ir::BatchNormAttrs{1e-5f});
  return relu ? b.Op(OpKind::kRelu, {y}) : y;
}

// stem conv-bn-relu; residual block (conv-bn-relu, conv-bn, + shortcut, relu); global pool;
// flatten; a reshape whose target comes from a Shape chain; fc + bias + softmax; an identity
// before the output and a dead branch.
StatusOr<ir::Graph> TinyResNet() {
  GraphBuilder b;
  ir::ValueId x = b.Input("image", Shape{2, 3, 12, 10});
  ir::ValueId h = ConvBnRelu(b, x, 8, 3, 10, true);
  ir::ValueId r = ConvBnRelu(b, h, 8, 8, 20, true);
  r = ConvBnRelu(b, r, 8, 8, 30, false);
  h = b.Op(OpKind::kRelu, {b.Op(OpKind::kAdd, {r, h})});
  b.Op(OpKind::kSigmoid, {h});  // dead
  ir::Pool2dAttrs pool;
  pool.type = ir::PoolType::kAvg;
  pool.global = true;
  ir::ValueId p = b.Op(OpKind::kPool2d, {h}, pool);
  ir::ValueId f = b.Op(OpKind::kFlatten, {p}, ir::FlattenAttrs{1, -1});
  ir::ValueId s = b.Op(OpKind::kShape, {f});
  ir::SliceAttrs head;
  head.axes = {0};
  head.starts = {0};
  head.ends = {1};
  const int64_t minus1 = -1;
  ir::ValueId target =
      b.Op(OpKind::kConcat, {b.Op(OpKind::kSlice, {s}, head), b.Const("m1", MakeTensor<int64_t>(Shape{1}, &minus1))},
           ir::AxisAttrs{0});
  ir::ValueId f2 = b.Op(OpKind::kReshape, {f, target}, ir::ReshapeAttrs{});
  ir::ValueId logits = b.Op(OpKind::kMatMul, {f2, b.RandomConst("fc_w", Shape{8, 5}, 40)}, ir::MatMulAttrs{});
  logits = b.Op(OpKind::kAdd, {logits, b.RandomConst("fc_b", Shape{5}, 41)});
  ir::ValueId prob = b.Op(OpKind::kSoftmax, {logits}, ir::SoftmaxAttrs{-1});
  b.Output(b.Op(OpKind::kIdentity, {prob}, ir::NoAttrs{}, "prob"));
  return b.Build();
}

// With the image always fed at its declared shape, the Shape chain folds too.
TEST(Pipelines, DefaultPipelineOnASmallResidualNetworkWithFixedInputShapes) {
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, TinyResNet());
  const ir::Graph original = g;
  passes::PipelineOptions options;
  options.passes = TestPassOptions();
  options.manager.trust_input_shapes = true;
  std::vector<passes::PassStats> stats;
  OAR_ASSERT_OK(passes::RunDefaultPipeline(g, options, &stats));
  ASSERT_EQ(stats.size(), 7u);
  for (const auto& st : stats) EXPECT_TRUE(st.ran) << st.pass;
  // conv{relu}, conv{relu}, conv{residual, relu}, pool, flatten, reshape($const), matmul{bias}, softmax.
  EXPECT_EQ(CountLive(g), 8) << ir::PrintGraph(g);
  EXPECT_EQ(CountKind(g, OpKind::kConv2d), 3);
  EXPECT_EQ(CountKind(g, OpKind::kBatchNorm), 0);
  EXPECT_EQ(CountKind(g, OpKind::kRelu), 0);
  EXPECT_EQ(CountKind(g, OpKind::kAdd), 0);
  EXPECT_EQ(CountKind(g, OpKind::kShape), 0);
  EXPECT_EQ(CountKind(g, OpKind::kIdentity), 0);
  int residual_convs = 0;
  for (ir::NodeId id : g.LiveNodes()) {
    const ir::Node& n = g.node(id);
    if (n.kind != OpKind::kConv2d) continue;
    EXPECT_EQ(n.attr<ir::Conv2dAttrs>().activation.kind, ActivationKind::kRelu) << n.name;
    residual_convs += n.inputs.size() == 4;
  }
  EXPECT_EQ(residual_convs, 1);
  const ir::Node& mm = g.node(FindNode(g, OpKind::kMatMul));
  EXPECT_EQ(mm.inputs.size(), 3u);
  EXPECT_EQ(g.value(g.outputs()[0]).name, "prob.out");
  EXPECT_TRUE(SameOutputs(g, original, 7));
}

// By default (input sizes may differ from the declaration) the Shape chain stays, every fusion
// still happens, and the optimised graph runs correctly at another image size.
TEST(Pipelines, DefaultPipelineKeepsSizeDependentOpsForOtherInputSizes) {
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, TinyResNet());
  const ir::Graph original = g;
  passes::PipelineOptions options;
  options.passes = TestPassOptions();
  OAR_ASSERT_OK(passes::RunDefaultPipeline(g, options));
  EXPECT_EQ(CountKind(g, OpKind::kShape), 1);
  EXPECT_EQ(CountKind(g, OpKind::kConv2d), 3);
  EXPECT_EQ(CountKind(g, OpKind::kBatchNorm) + CountKind(g, OpKind::kRelu) + CountKind(g, OpKind::kAdd), 0)
      << ir::PrintGraph(g);
  EXPECT_EQ(g.value(g.inputs()[0]).shape, Shape({2, 3, 12, 10})) << "the declared input shape is kept";
  EXPECT_TRUE(SameOutputs(g, original, 9, 1e-5, {RandomTensor(Shape{3, 3, 9, 13}, 10)}));
}

TEST(Pipelines, CleanupPipelineKeepsComputationsAsWritten) {
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, TinyResNet());
  const ir::Graph original = g;
  passes::PipelineOptions options;
  options.passes = TestPassOptions();
  options.manager.trust_input_shapes = true;
  OAR_ASSERT_OK(passes::RunPipeline("cleanup", g, options));
  EXPECT_EQ(CountKind(g, OpKind::kBatchNorm), 3);
  EXPECT_EQ(CountKind(g, OpKind::kShape), 0);
  EXPECT_EQ(CountKind(g, OpKind::kSigmoid), 0);
  EXPECT_TRUE(SameOutputs(g, original, 8));
}

TEST(Pipelines, OptLevelOneRunsOnlyTheCleanupPasses) {
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, TinyResNet());
  passes::PipelineOptions options;
  options.passes = TestPassOptions();
  options.manager.opt_level = 1;
  std::vector<passes::PassStats> stats;
  OAR_ASSERT_OK(passes::RunDefaultPipeline(g, options, &stats));
  EXPECT_FALSE(stats[3].ran);  // conv_bn_fuse
  EXPECT_EQ(CountKind(g, OpKind::kBatchNorm), 3);
}

}  // namespace
}  // namespace oar::testing
