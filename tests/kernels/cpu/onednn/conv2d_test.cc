// The oneDNN conv2d fast path against the reference kernel.
#include <gtest/gtest.h>

#include <cstring>

#include "kernels/cpu/onednn/onednn_test_util.h"

namespace oar::testing {
namespace {

using ir::Conv2dAttrs;
using ir::OpKind;
using ir::PadMode;

Conv2dAttrs Conv(std::vector<int64_t> strides, std::vector<int64_t> pads, std::vector<int64_t> dilations = {1, 1},
                 int64_t groups = 1, PadMode mode = PadMode::kExplicit) {
  Conv2dAttrs a;
  a.strides = std::move(strides);
  a.pads = std::move(pads);
  a.dilations = std::move(dilations);
  a.groups = groups;
  a.pad_mode = mode;
  return a;
}

struct ConvCase {
  const char* name;
  Shape x;
  Shape w;
  bool bias;
  Conv2dAttrs attrs;
};

class OnednnConv2dCases : public ::testing::TestWithParam<ConvCase> {};

TEST_P(OnednnConv2dCases, MatchesReference) {
  const ConvCase& c = GetParam();
  Tensor x = RandomTensor(c.x, 11);
  Tensor w = RandomTensor(c.w, 12);
  Tensor b = RandomTensor(Shape{c.w[0]}, 13);
  std::vector<const Tensor*> inputs = {&x, &w};
  if (c.bias) inputs.push_back(&b);
  EXPECT_TRUE(MatchesReference(OpKind::kConv2d, c.attrs, inputs));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, OnednnConv2dCases,
    ::testing::Values(
        ConvCase{"k3_pad1_bias", Shape{1, 16, 7, 9}, Shape{32, 16, 3, 3}, true, Conv({1, 1}, {1, 1, 1, 1})},
        ConvCase{"k3_nobias_batch3", Shape{3, 8, 13, 13}, Shape{24, 8, 3, 3}, false, Conv({1, 1}, {1, 1, 1, 1})},
        ConvCase{"first_layer_c3_s2_k7", Shape{2, 3, 31, 29}, Shape{16, 3, 7, 7}, true, Conv({2, 2}, {3, 3, 3, 3})},
        ConvCase{"groups2", Shape{2, 16, 9, 7}, Shape{32, 8, 3, 3}, true, Conv({1, 1}, {1, 1, 1, 1}, {1, 1}, 2)},
        ConvCase{"groups32", Shape{1, 64, 11, 11}, Shape{64, 2, 3, 3}, true, Conv({1, 1}, {1, 1, 1, 1}, {1, 1}, 32)},
        ConvCase{"depthwise", Shape{2, 32, 13, 13}, Shape{32, 1, 3, 3}, true, Conv({1, 1}, {1, 1, 1, 1}, {1, 1}, 32)},
        ConvCase{"depthwise_s2", Shape{1, 24, 14, 15}, Shape{24, 1, 5, 5}, false,
                 Conv({2, 2}, {2, 2, 2, 2}, {1, 1}, 24)},
        ConvCase{"depthwise_multiplier2", Shape{1, 8, 9, 9}, Shape{16, 1, 3, 3}, true,
                 Conv({1, 1}, {1, 1, 1, 1}, {1, 1}, 8)},
        ConvCase{"dilation2", Shape{1, 16, 13, 13}, Shape{16, 16, 3, 3}, true, Conv({1, 1}, {2, 2, 2, 2}, {2, 2})},
        ConvCase{"dilation_2x3", Shape{2, 8, 15, 17}, Shape{8, 8, 3, 3}, false, Conv({1, 1}, {1, 3, 2, 1}, {2, 3})},
        ConvCase{"stride2", Shape{2, 16, 13, 13}, Shape{32, 16, 3, 3}, true, Conv({2, 2}, {1, 1, 1, 1})},
        ConvCase{"stride3", Shape{1, 16, 16, 17}, Shape{16, 16, 3, 3}, true, Conv({3, 3}, {0, 0, 0, 0})},
        ConvCase{"stride_2x3", Shape{1, 8, 13, 19}, Shape{8, 8, 3, 5}, true, Conv({2, 3}, {1, 2, 1, 2})},
        ConvCase{"asym_pads", Shape{1, 16, 7, 9}, Shape{16, 16, 3, 3}, true, Conv({1, 1}, {0, 1, 2, 0})},
        ConvCase{"asym_pads_s2", Shape{2, 8, 10, 11}, Shape{16, 8, 4, 4}, false, Conv({2, 2}, {1, 2, 2, 1})},
        ConvCase{"same_s1", Shape{1, 16, 7, 9}, Shape{16, 16, 3, 3}, true,
                 Conv({1, 1}, {0, 0, 0, 0}, {1, 1}, 1, PadMode::kSame)},
        ConvCase{"same_s2_even_k", Shape{1, 16, 13, 12}, Shape{16, 16, 4, 4}, true,
                 Conv({2, 2}, {0, 0, 0, 0}, {1, 1}, 1, PadMode::kSame)},
        ConvCase{"same_dilated", Shape{1, 8, 11, 11}, Shape{8, 8, 3, 3}, false,
                 Conv({1, 1}, {5, 5, 5, 5}, {2, 2}, 1, PadMode::kSame)},
        ConvCase{"same_without_pads_attr", Shape{2, 8, 9, 10}, Shape{8, 8, 3, 3}, true,
                 Conv({2, 2}, {}, {1, 1}, 1, PadMode::kSame)},
        ConvCase{"valid", Shape{2, 16, 13, 13}, Shape{16, 16, 3, 3}, true,
                 Conv({2, 2}, {1, 1, 1, 1}, {1, 1}, 1, PadMode::kValid)},
        ConvCase{"pointwise", Shape{2, 64, 7, 9}, Shape{48, 64, 1, 1}, true, Conv({1, 1}, {0, 0, 0, 0})},
        ConvCase{"pointwise_s2", Shape{1, 32, 13, 13}, Shape{64, 32, 1, 1}, false, Conv({2, 2}, {0, 0, 0, 0})},
        ConvCase{"k5_13x13", Shape{1, 17, 13, 13}, Shape{19, 17, 5, 5}, true, Conv({1, 1}, {2, 2, 2, 2})},
        ConvCase{"k3x1", Shape{1, 16, 9, 7}, Shape{16, 16, 3, 1}, true, Conv({1, 1}, {1, 0, 1, 0})},
        ConvCase{"tiny_1x1_input", Shape{4, 16, 1, 1}, Shape{8, 16, 1, 1}, true, Conv({1, 1}, {0, 0, 0, 0})}),
    [](const ::testing::TestParamInfo<ConvCase>& info) { return std::string(info.param.name); });

TEST(OnednnConv2d, TwoThreadsMatchOne) {
  Tensor x = RandomTensor(Shape{2, 32, 15, 15}, 21);
  Tensor w = RandomTensor(Shape{32, 32, 3, 3}, 22);
  Tensor b = RandomTensor(Shape{32}, 23);
  Conv2dAttrs a = Conv({1, 1}, {1, 1, 1, 1});
  EXPECT_TRUE(MatchesReference(OpKind::kConv2d, a, {&x, &w, &b}, true, 1e-4, /*num_threads=*/2));
}

TEST(OnednnConv2d, RunTwiceGivesTheSameResult) {
  Tensor x = RandomTensor(Shape{1, 32, 9, 11}, 31);
  Tensor w = RandomTensor(Shape{32, 32, 3, 3}, 32);
  Tensor b = RandomTensor(Shape{32}, 33);
  KernelRunner runner(OpKind::kConv2d, Conv({1, 1}, {1, 1, 1, 1}), 3, "onednn");
  OAR_ASSERT_OK_AND_ASSIGN(Tensor first, runner.Run({&x, &w, &b}));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor second, runner.Run({&x, &w, &b}));
  ASSERT_NE(runner.onednn(), nullptr);
  EXPECT_FALSE(runner.onednn()->delegated()) << runner.onednn()->delegate_reason();
  EXPECT_EQ(runner.prepare_count(), 1);
  EXPECT_TRUE(TensorsNear(second, first, 0.0, 0.0));
  OAR_ASSERT_OK_AND_ASSIGN(auto ref,
                           runtime::RunOp(OpKind::kConv2d, Conv({1, 1}, {1, 1, 1, 1}), {&x, &w, &b}, 1, "ref"));
  EXPECT_LT(MaxRelativeError(second, ref[0]), 1e-4);
}

TEST(OnednnConv2d, ShapeChangeReprepares) {
  Conv2dAttrs a = Conv({2, 2}, {1, 1, 1, 1});
  Tensor w = RandomTensor(Shape{16, 8, 3, 3}, 41);
  Tensor b = RandomTensor(Shape{16}, 42);
  KernelRunner runner(OpKind::kConv2d, a, 3, "onednn");
  const Shape shapes[] = {Shape{1, 8, 13, 13}, Shape{3, 8, 7, 9}, Shape{1, 8, 13, 13}};
  uint64_t seed = 43;
  for (const Shape& s : shapes) {
    Tensor x = RandomTensor(s, seed++);
    OAR_ASSERT_OK_AND_ASSIGN(Tensor got, runner.Run({&x, &w, &b}, {false, true, true}));
    OAR_ASSERT_OK_AND_ASSIGN(auto ref, runtime::RunOp(OpKind::kConv2d, a, {&x, &w, &b}, 1, "ref"));
    ASSERT_EQ(got.shape(), ref[0].shape()) << s.ToString();
    EXPECT_LT(MaxRelativeError(got, ref[0]), 1e-4) << s.ToString();
    EXPECT_FALSE(runner.onednn()->delegated());
  }
  EXPECT_EQ(runner.prepare_count(), 3);
}

// Packed weights are kept while the (constant) weight tensor stays the same, and packed again
// when the kernel is given another weight tensor or is told the weights are not constant.
TEST(OnednnConv2d, PacksConstantWeightsOnce) {
  Conv2dAttrs a = Conv({1, 1}, {1, 1, 1, 1});
  Tensor x = RandomTensor(Shape{1, 32, 8, 8}, 51);
  Tensor w = RandomTensor(Shape{32, 32, 3, 3}, 52);
  Tensor w2 = RandomTensor(Shape{32, 32, 3, 3}, 53);
  OAR_ASSERT_OK_AND_ASSIGN(auto ref1, runtime::RunOp(OpKind::kConv2d, a, {&x, &w}, 1, "ref"));
  OAR_ASSERT_OK_AND_ASSIGN(auto ref2, runtime::RunOp(OpKind::kConv2d, a, {&x, &w2}, 1, "ref"));

  KernelRunner constant(OpKind::kConv2d, a, 2, "onednn");
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y1, constant.Run({&x, &w}, {false, true}));
  EXPECT_LT(MaxRelativeError(y1, ref1[0]), 1e-4);
  // A different weight tensor (another pointer) is packed anew.
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y2, constant.Run({&x, &w2}, {false, true}));
  EXPECT_LT(MaxRelativeError(y2, ref2[0]), 1e-4);
  // Overwriting a constant in place is outside the contract: the packed copy is still used,
  // which shows the weights are not reordered on every run.
  std::memcpy(w2.raw_data(), w.raw_data(), w.nbytes());
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y3, constant.Run({&x, &w2}, {false, true}));
  EXPECT_LT(MaxRelativeError(y3, ref2[0]), 1e-4);

  // Not constant: every run reads the current contents.
  Tensor v = RandomTensor(Shape{32, 32, 3, 3}, 54);
  KernelRunner variable(OpKind::kConv2d, a, 2, "onednn");
  OAR_ASSERT_OK_AND_ASSIGN(Tensor z1, variable.Run({&x, &v}, {false, false}));
  std::memcpy(v.raw_data(), w.raw_data(), w.nbytes());
  OAR_ASSERT_OK_AND_ASSIGN(Tensor z2, variable.Run({&x, &v}, {false, false}));
  EXPECT_LT(MaxRelativeError(z2, ref1[0]), 1e-4);
  EXPECT_GT(MaxRelativeError(z1, ref1[0]), 1e-2);
}

TEST(OnednnConv2d, IsTheDefaultF32Kernel) {
  ir::Node node;
  node.name = "c";
  node.kind = OpKind::kConv2d;
  node.attrs = Conv({1, 1}, {1, 1, 1, 1});
  OAR_ASSERT_OK_AND_ASSIGN(
      const runtime::KernelDef* def,
      runtime::KernelRegistry::Global().Find(node, runtime::DeviceType::kCpu, {DType::kFloat32, DType::kFloat32}));
  EXPECT_EQ(def->name, "onednn");
  EXPECT_EQ(def->priority, 10);
}

TEST(OnednnConv2d, RefusesAttributesItDoesNotHandle) {
  ir::Node node;
  node.name = "c";
  node.kind = OpKind::kConv2d;
  node.attrs = Conv({1, 1}, {-1, 0, 0, 0});
  auto def = runtime::KernelRegistry::Global().Find(node, runtime::DeviceType::kCpu, {DType::kFloat32, DType::kFloat32},
                                                    "onednn");
  EXPECT_FALSE(def.ok());
  node.attrs = Conv({1, 1}, {1, 1, 1, 1});
  def = runtime::KernelRegistry::Global().Find(node, runtime::DeviceType::kCpu, {DType::kFloat32, DType::kFloat64},
                                               "onednn");
  EXPECT_FALSE(def.ok());
  EXPECT_NE(def.status().message().find("no CPU kernel named 'onednn'"), std::string::npos) << def.status().message();
}

// Fused activations (eltwise post-ops, or a loop after the primitive for forms oneDNN 2.6 lacks)
// and the fused residual (sum post-op, reordered into a blocked dst or copied into a plain one)
// against the reference kernel's fused form, on dense, depthwise and pointwise convolutions.
TEST(OnednnConv2d, FusedActivationAndResidualMatchReference) {
  const std::vector<ir::FusedActivation> acts = {
      {ir::ActivationKind::kNone},
      {ir::ActivationKind::kRelu},
      {ir::ActivationKind::kClip, 0.0f, 6.0f},
      {ir::ActivationKind::kLeakyRelu, 0.1f},
      {ir::ActivationKind::kHardSwish, 6.0f, 6.0f, 3.0f},  // oneDNN hardswish
      {ir::ActivationKind::kHardSwish, 5.0f, 5.0f, 2.5f},  // other parameters: applied after the primitive
      {ir::ActivationKind::kHardSigmoid, 0.2f, 0.5f},      // linear + clip post-ops
      {ir::ActivationKind::kSigmoid},
      {ir::ActivationKind::kSwish, 1.5f},
  };
  struct Geometry {
    const char* name;
    Shape x, w;
    Conv2dAttrs attrs;
  };
  const std::vector<Geometry> geos = {
      {"dense_k3", Shape{2, 16, 9, 11}, Shape{32, 16, 3, 3}, Conv({1, 1}, {1, 1, 1, 1})},
      {"depthwise_s2", Shape{1, 24, 13, 12}, Shape{24, 1, 3, 3}, Conv({2, 2}, {1, 1, 1, 1}, {1, 1}, 24)},
      {"pointwise", Shape{2, 32, 7, 7}, Shape{64, 32, 1, 1}, Conv({1, 1}, {0, 0, 0, 0})},
      {"first_layer_c3", Shape{1, 3, 17, 19}, Shape{8, 3, 3, 3}, Conv({2, 2}, {1, 1, 1, 1})},
  };
  uint64_t seed = 900;
  for (const Geometry& geo : geos) {
    for (const ir::FusedActivation& act : acts) {
      for (bool with_sum : {false, true}) {
        SCOPED_TRACE(std::string(geo.name) + " " + ir::ActivationKindName(act.kind) + "(" + std::to_string(act.alpha) +
                     ")" + (with_sum ? " + sum" : ""));
        Tensor x = RandomTensor(geo.x, seed++, -3.0f, 3.0f);
        Tensor w = RandomTensor(geo.w, seed++);
        Tensor b = RandomTensor(Shape{geo.w[0]}, seed++);
        Conv2dAttrs a = geo.attrs;
        a.activation = act;
        OAR_ASSERT_OK_AND_ASSIGN(auto plain, runtime::RunOp(OpKind::kConv2d, geo.attrs, {&x, &w}, 1, "ref"));
        Tensor sum = RandomTensor(plain[0].shape(), seed++, -2.0f, 2.0f);
        std::vector<const Tensor*> inputs = {&x, &w, &b};
        if (with_sum) inputs.push_back(&sum);
        EXPECT_TRUE(MatchesReference(OpKind::kConv2d, a, inputs, /*expect_fast=*/true, 1e-4, 2));
      }
    }
  }
}

// A residual without bias (input #2 absent), run twice: the sum must be re-read every run.
TEST(OnednnConv2d, ResidualWithoutBiasRunsRepeatedly) {
  Conv2dAttrs a = Conv({1, 1}, {1, 1, 1, 1});
  a.activation = {ir::ActivationKind::kRelu};
  Tensor x = RandomTensor(Shape{1, 16, 8, 8}, 61);
  Tensor w = RandomTensor(Shape{16, 16, 3, 3}, 62);
  KernelRunner runner(OpKind::kConv2d, a, 4, "onednn");
  for (uint64_t seed : {63, 64}) {
    Tensor sum = RandomTensor(Shape{1, 16, 8, 8}, seed);
    OAR_ASSERT_OK_AND_ASSIGN(Tensor got, runner.Run({&x, &w, nullptr, &sum}));
    OAR_ASSERT_OK_AND_ASSIGN(auto ref, runtime::RunOp(OpKind::kConv2d, a, {&x, &w, nullptr, &sum}, 1, "ref"));
    EXPECT_LT(MaxRelativeError(got, ref[0]), 1e-4);
    EXPECT_FALSE(runner.onednn()->delegated()) << runner.onednn()->delegate_reason();
  }
  EXPECT_EQ(runner.prepare_count(), 1);
}

}  // namespace
}  // namespace oar::testing
