// Tests of the CPU engine's capability: every supported family says yes on f32, every native
// category says no with its precise reason, and whole models partition as expected.
#include "engine/cpu/cpu_capability.h"

#include <gmock/gmock.h>

#include "frontends/paddle/paddle_loader.h"
#include "partition/partition_test_util.h"

namespace oar::engine::cpu {
namespace {

using ir::OpKind;
using ::testing::HasSubstr;

/// One input of a probe node: dtype, shape, and optionally constant contents.
struct In {
  DType dtype = DType::kFloat32;
  Shape shape;
  std::shared_ptr<const Tensor> constant;
};

In F32(Shape s) { return In{DType::kFloat32, std::move(s), nullptr}; }
In Const(Tensor t) {
  In in{t.dtype(), t.shape(), nullptr};
  in.constant = std::make_shared<const Tensor>(std::move(t));
  return in;
}
In I64Const(std::vector<int64_t> v) {
  return Const(MakeTensor<int64_t>(Shape{static_cast<int64_t>(v.size())}, v.data()));
}

/// Asks the CPU capability about one node `probe` with the given inputs (in0, in1, ...; an input
/// with DType::kUndefined and an empty shape is absent) and output dtypes.
partition::SupportResult Ask(OpKind kind, std::vector<In> inputs, ir::Attrs attrs = ir::NoAttrs{},
                             std::vector<DType> outputs = {DType::kFloat32}) {
  ir::Graph g;
  std::vector<ir::ValueId> ins;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].dtype == DType::kUndefined && inputs[i].shape.rank() == 0) {
      ins.push_back(ir::kNoValue);
      continue;
    }
    ir::ValueId v = g.AddValue("in" + std::to_string(i), inputs[i].dtype, inputs[i].shape);
    if (inputs[i].constant) {
      g.mutable_value(v).constant = inputs[i].constant;
    } else {
      g.AddInput(v);
    }
    ins.push_back(v);
  }
  std::vector<ir::ValueId> outs;
  for (size_t o = 0; o < outputs.size(); ++o)
    outs.push_back(g.AddValue("out" + std::to_string(o), outputs[o], Shape{}));
  ir::NodeId id = g.AddNode("probe", kind, ins, outs, std::move(attrs));
  return CpuEngineSupports(g, id);
}

void ExpectYes(const partition::SupportResult& r, const std::string& what) {
  EXPECT_TRUE(r.supported) << what << ": " << r.reason;
  EXPECT_TRUE(r.reason.empty()) << what;
}

void ExpectNo(const partition::SupportResult& r, const std::string& reason_part) {
  EXPECT_FALSE(r.supported) << reason_part;
  EXPECT_THAT(r.reason, HasSubstr(reason_part));
}

TEST(CpuCapabilityTest, SupportedFamiliesOnF32) {
  const Shape img{kUnknownDim, 3, 9, 7};
  ExpectYes(Ask(OpKind::kConv2d, {F32(img), Const(oar::testing::RandomTensor({4, 3, 3, 3}, 1))}, ir::Conv2dAttrs{}),
            "conv2d");
  ExpectYes(Ask(OpKind::kPool2d, {F32(img)}, ir::Pool2dAttrs{}), "pool2d");
  ExpectYes(Ask(OpKind::kMatMul, {F32({5, 6}), F32({6, 7})}, ir::MatMulAttrs{}), "matmul");
  ExpectYes(Ask(OpKind::kBatchNorm,
                {F32(img), Const(oar::testing::RandomTensor({3}, 2)), Const(oar::testing::RandomTensor({3}, 3)),
                 Const(oar::testing::RandomTensor({3}, 4)), Const(oar::testing::RandomTensor({3}, 5, 0.5f, 1.0f))},
                ir::BatchNormAttrs{}),
            "batch_norm");
  ExpectYes(Ask(OpKind::kLayerNorm, {F32({2, 5})}, ir::LayerNormAttrs{}), "layer_norm");
  ExpectYes(Ask(OpKind::kLrn, {F32(img)}, ir::LrnAttrs{}), "lrn");
  ExpectYes(Ask(OpKind::kSoftmax, {F32({2, 5})}, ir::SoftmaxAttrs{}), "softmax");
  ir::ResizeAttrs resize;
  resize.out_h = 18;
  resize.out_w = 14;
  ExpectYes(Ask(OpKind::kResize, {F32(img)}, resize), "resize with static size");
  ExpectYes(Ask(OpKind::kResize, {F32(img), Const(MakeTensor<int32_t>(Shape{2}, std::vector<int32_t>{4, 4}.data()))},
                ir::ResizeAttrs{}),
            "resize with constant OutSize");
  ExpectYes(Ask(OpKind::kPad, {F32(img)}, ir::PadAttrs{{0, 0, 1, 1, 0, 0, 1, 1}}), "pad");
  for (OpKind k : {OpKind::kRelu, OpKind::kSigmoid, OpKind::kTanh, OpKind::kExp, OpKind::kSqrt, OpKind::kIdentity}) {
    ExpectYes(Ask(k, {F32({3, 4})}), ir::OpKindName(k));
  }
  ExpectYes(Ask(OpKind::kLeakyRelu, {F32({3})}, ir::LeakyReluAttrs{}), "leaky_relu");
  ExpectYes(Ask(OpKind::kHardSigmoid, {F32({3})}, ir::HardSigmoidAttrs{}), "hard_sigmoid");
  ExpectYes(Ask(OpKind::kHardSwish, {F32({3})}, ir::HardSwishAttrs{}), "hard_swish");
  ExpectYes(Ask(OpKind::kSwish, {F32({3})}, ir::SwishAttrs{}), "swish");
  ExpectYes(Ask(OpKind::kGelu, {F32({3})}, ir::GeluAttrs{}), "gelu");
  ExpectYes(Ask(OpKind::kClip, {F32({3})}, ir::ClipAttrs{0, 6}), "clip");
  ExpectYes(Ask(OpKind::kScale, {F32({3})}, ir::ScaleAttrs{}), "scale");
  for (OpKind k : {OpKind::kAdd, OpKind::kSub, OpKind::kMul, OpKind::kDiv, OpKind::kMax, OpKind::kMin, OpKind::kPow}) {
    ExpectYes(Ask(k, {F32({2, 3, 4}), F32({4})}), std::string(ir::OpKindName(k)) + " with broadcast");
  }
  ExpectYes(Ask(OpKind::kConcat, {F32({2, 3}), F32({2, 5})}, ir::AxisAttrs{1}), "concat");
  ExpectYes(Ask(OpKind::kFlatten, {F32(img)}, ir::FlattenAttrs{}), "flatten");
  ExpectYes(Ask(OpKind::kReshape, {F32({6, 4})}, ir::ReshapeAttrs{{0, 2, -1}}), "reshape with attribute target");
  ExpectYes(Ask(OpKind::kReshape, {F32({6, 4}), I64Const({3, 8})}, ir::ReshapeAttrs{}), "reshape with constant target");
  ExpectYes(Ask(OpKind::kTranspose, {F32({2, 3})}, ir::TransposeAttrs{{1, 0}}), "transpose");
  ExpectYes(Ask(OpKind::kSqueeze, {F32({2, 1})}, ir::AxesAttrs{{1}}), "squeeze");
  ExpectYes(Ask(OpKind::kUnsqueeze, {F32({2})}, ir::AxesAttrs{{0}}), "unsqueeze");
}

TEST(CpuCapabilityTest, NativeCategoriesWithPreciseReasons) {
  ExpectNo(Ask(OpKind::kYoloBox, {F32({1, 18, 4, 4}), In{DType::kInt32, Shape{1, 2}, nullptr}}, ir::YoloBoxAttrs{},
               {DType::kFloat32, DType::kFloat32}),
           "detection post-processing runs natively");
  ExpectNo(Ask(OpKind::kMulticlassNms, {F32({1, 8, 4}), F32({1, 3, 8})}, ir::MulticlassNmsAttrs{},
               {DType::kFloat32, DType::kInt32, DType::kInt32}),
           "detection post-processing runs natively");
  ExpectNo(Ask(OpKind::kArgMax, {F32({2, 5})}, ir::ArgMaxAttrs{}, {DType::kInt64}), "arg_max produces integer indices");
  ExpectNo(Ask(OpKind::kShape, {F32({2, 5})}, ir::NoAttrs{}, {DType::kInt64}),
           "integer shape arithmetic runs natively (shape produces an i64 tensor)");
  ExpectNo(Ask(OpKind::kSlice, {In{DType::kInt64, Shape{4}, nullptr}}, ir::SliceAttrs{{0}, {1}, {3}, {}, {}},
               {DType::kInt64}),
           "integer shape arithmetic runs natively (input #0 'in0' is i64[4])");
  ExpectNo(Ask(OpKind::kFill, {}, ir::FillAttrs{{2}, 1.0, DType::kInt64}, {DType::kInt64}),
           "integer shape arithmetic runs natively (output #0 'out0' is i64");
  ExpectNo(Ask(OpKind::kCast, {In{DType::kInt32, Shape{3}, nullptr}}, ir::CastAttrs{DType::kFloat32}),
           "integer shape arithmetic runs natively (input #0 'in0' is i32[3])");
  ExpectNo(Ask(OpKind::kAdd, {In{DType::kInt64, Shape{2}, nullptr}, In{DType::kInt64, Shape{2}, nullptr}},
               ir::NoAttrs{}, {DType::kInt64}),
           "integer shape arithmetic runs natively");
  ExpectNo(Ask(OpKind::kReshape, {F32({6, 4}), In{DType::kInt64, Shape{2}, nullptr}}, ir::ReshapeAttrs{}),
           "reshape target shape comes from runtime tensor 'in1' (input #1); the engine needs a static target");
  ExpectNo(Ask(OpKind::kResize, {F32({1, 3, 4, 4}), In{DType::kInt32, Shape{2}, nullptr}}, ir::ResizeAttrs{}),
           "resize output size comes from runtime tensor 'in1'");
  ExpectNo(
      Ask(OpKind::kResize, {F32({1, 3, 4, 4}), In{DType::kUndefined, Shape{}, nullptr}, F32({2})}, ir::ResizeAttrs{}),
      "resize scale comes from runtime tensor 'in2'");
  ExpectNo(Ask(OpKind::kScale, {F32({3}), F32({1})}, ir::ScaleAttrs{}), "scale factor comes from runtime tensor 'in1'");
  ExpectNo(Ask(OpKind::kReduceMean, {F32({2, 3})}, ir::ReduceAttrs{}), "no CPU engine layer for reduce_mean");
  ExpectNo(Ask(OpKind::kSlice, {F32({4}), I64Const({0}), I64Const({2})}, ir::SliceAttrs{{0}, {}, {}, {}, {}}),
           "no CPU engine layer for slice");
  ExpectNo(Ask(OpKind::kRelu, {In{DType::kFloat16, Shape{3}, nullptr}}, ir::NoAttrs{}, {DType::kFloat16}),
           "input #0 'in0' is f16[3]; the CPU engine takes f32 only");
  ExpectNo(Ask(OpKind::kRelu, {In{DType::kUndefined, Shape{3}, nullptr}}, ir::NoAttrs{}, {DType::kUndefined}),
           "has no dtype yet (run shape inference before partitioning)");
  ExpectNo(Ask(OpKind::kEngine, {F32({3})}, ir::EngineAttrs{}), "already an engine node");
}

std::vector<std::string> NativeReasons(const partition::PartitionReport& r) {
  std::vector<std::string> out;
  for (const auto& n : r.native) out.push_back(n.name + ": " + n.reason);
  return out;
}

// The real ResNet (CIFAR-10) is entirely engine-supported: one engine node, same outputs.
TEST(CpuCapabilityTest, ResNetCifar10BecomesOneEngineNode) {
  std::string dir = oar::testing::ModelDir("paddle-resnet-cifar10-separate");
  if (dir.empty()) GTEST_SKIP() << "shared model paddle-resnet-cifar10-separate not present";
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, frontends::paddle::LoadModel(dir));
  partition::PartitionOptions options;
  options.backend = "ignored";  // PartitionForCpuEngine names the backend itself
  OAR_ASSERT_OK_AND_ASSIGN(partition::PartitionResult r, PartitionForCpuEngine(g, options));
  EXPECT_TRUE(r.report.native.empty()) << ::testing::PrintToString(NativeReasons(r.report));
  ASSERT_EQ(r.report.groups.size(), 1u);
  EXPECT_EQ(r.report.groups[0].engine_node, "cpu_engine_0");
  EXPECT_EQ(r.report.num_engine_ops(), static_cast<int>(g.LiveNodes().size()));
  ASSERT_EQ(r.graph.LiveNodes().size(), 1u);
  EXPECT_EQ(r.graph.node(r.graph.LiveNodes()[0]).attr<ir::EngineAttrs>().backend, "cpu");
  Tensor image = oar::testing::RandomTensor({3, 3, 32, 32}, 5, 0, 1);
  OAR_ASSERT_OK_AND_ASSIGN(auto want, partition::testing::RunGraph(g, {image}));
  OAR_ASSERT_OK_AND_ASSIGN(auto got, partition::testing::RunGraph(r.graph, {image}));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(oar::testing::TensorsNear(got[0], want[0], 1e-5, 1e-6));
}

// PP-YOLO tiny: detection post-processing stays native, the backbone goes to engines.
TEST(CpuCapabilityTest, PpyoloKeepsDetectionPostProcessingNative) {
  std::string dir = oar::testing::ModelDir("paddle-ppyolo-tiny-trash");
  if (dir.empty()) GTEST_SKIP() << "shared model paddle-ppyolo-tiny-trash not present";
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, frontends::paddle::LoadModel(dir));
  OAR_ASSERT_OK_AND_ASSIGN(partition::PartitionResult r, PartitionForCpuEngine(g, partition::PartitionOptions{}));
  OAR_EXPECT_OK(ir::VerifyGraph(r.graph));
  int detection = 0;
  for (const auto& n : r.report.native) {
    if (n.kind == OpKind::kYoloBox || n.kind == OpKind::kMulticlassNms) {
      EXPECT_EQ(n.reason, "not supported by backend cpu: detection post-processing runs natively");
      ++detection;
    }
  }
  EXPECT_GE(detection, 2);
  ASSERT_FALSE(r.report.groups.empty());
  size_t largest = 0;
  for (const auto& grp : r.report.groups) largest = std::max(largest, grp.members.size());
  EXPECT_GT(largest, 50u);
}

}  // namespace
}  // namespace oar::engine::cpu
