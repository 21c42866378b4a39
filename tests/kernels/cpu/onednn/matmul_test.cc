// The oneDNN matmul fast path against the reference kernel.
#include <gtest/gtest.h>

#include <cstring>

#include "kernels/cpu/onednn/onednn_test_util.h"

namespace oar::testing {
namespace {

using ir::MatMulAttrs;
using ir::OpKind;

MatMulAttrs Mm(bool ta = false, bool tb = false, float alpha = 1.0f) {
  MatMulAttrs a;
  a.transpose_a = ta;
  a.transpose_b = tb;
  a.alpha = alpha;
  return a;
}

struct MatMulCase {
  const char* name;
  Shape a;
  Shape b;
  Shape bias;  // rank 0 = no bias
  MatMulAttrs attrs;
};

class OnednnMatMulCases : public ::testing::TestWithParam<MatMulCase> {};

TEST_P(OnednnMatMulCases, MatchesReference) {
  const MatMulCase& c = GetParam();
  Tensor a = RandomTensor(c.a, 101);
  Tensor b = RandomTensor(c.b, 102);
  Tensor bias = RandomTensor(c.bias, 103);
  std::vector<const Tensor*> inputs = {&a, &b};
  if (c.bias.rank() > 0) inputs.push_back(&bias);
  EXPECT_TRUE(MatchesReference(OpKind::kMatMul, c.attrs, inputs));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, OnednnMatMulCases,
    ::testing::Values(MatMulCase{"plain_2d", Shape{13, 17}, Shape{17, 9}, Shape{}, Mm()},
                      MatMulCase{"large_2d", Shape{64, 256}, Shape{256, 129}, Shape{}, Mm()},
                      MatMulCase{"transpose_a", Shape{17, 13}, Shape{17, 9}, Shape{}, Mm(true, false)},
                      MatMulCase{"transpose_b", Shape{13, 17}, Shape{9, 17}, Shape{}, Mm(false, true)},
                      MatMulCase{"transpose_both", Shape{17, 13}, Shape{9, 17}, Shape{}, Mm(true, true)},
                      MatMulCase{"batched", Shape{3, 5, 7}, Shape{3, 7, 4}, Shape{}, Mm()},
                      MatMulCase{"batched_4d_transposed", Shape{2, 3, 7, 5}, Shape{2, 3, 4, 7}, Shape{},
                                 Mm(true, true)},
                      MatMulCase{"b_shared", Shape{2, 3, 5, 7}, Shape{7, 11}, Shape{}, Mm()},
                      MatMulCase{"b_shared_transposed", Shape{4, 5, 7}, Shape{11, 7}, Shape{}, Mm(false, true)},
                      MatMulCase{"a_shared", Shape{5, 7}, Shape{3, 7, 4}, Shape{}, Mm()},
                      MatMulCase{"broadcast_both", Shape{2, 1, 5, 7}, Shape{1, 3, 7, 4}, Shape{}, Mm()},
                      MatMulCase{"bias_row", Shape{13, 17}, Shape{17, 9}, Shape{9}, Mm()},
                      MatMulCase{"bias_column", Shape{13, 17}, Shape{17, 9}, Shape{13, 1}, Mm()},
                      MatMulCase{"bias_scalar", Shape{13, 17}, Shape{17, 9}, Shape{1}, Mm()},
                      MatMulCase{"bias_full_batched", Shape{3, 5, 7}, Shape{7, 4}, Shape{3, 5, 4}, Mm()},
                      MatMulCase{"bias_per_batch", Shape{3, 5, 7}, Shape{3, 7, 4}, Shape{3, 1, 1}, Mm()},
                      MatMulCase{"alpha", Shape{13, 17}, Shape{17, 9}, Shape{}, Mm(false, false, 0.125f)},
                      MatMulCase{"alpha_bias", Shape{6, 13, 17}, Shape{9, 17}, Shape{9}, Mm(false, true, -1.5f)},
                      MatMulCase{"alpha_bias_column", Shape{17, 13}, Shape{17, 9}, Shape{13, 1}, Mm(true, false, 0.5f)},
                      MatMulCase{"fc_like", Shape{1, 2048}, Shape{2048, 1000}, Shape{1000}, Mm()},
                      MatMulCase{"vector_like_m1", Shape{1, 33}, Shape{33, 1}, Shape{}, Mm()}),
    [](const ::testing::TestParamInfo<MatMulCase>& info) { return std::string(info.param.name); });

TEST(OnednnMatMul, RankOneOperandsUseTheReference) {
  Tensor a = RandomTensor(Shape{17}, 111);
  Tensor b = RandomTensor(Shape{17, 9}, 112);
  Tensor v = RandomTensor(Shape{9}, 113);
  EXPECT_TRUE(MatchesReference(OpKind::kMatMul, Mm(), {&a, &b}, /*expect_fast=*/false));
  EXPECT_TRUE(MatchesReference(OpKind::kMatMul, Mm(), {&b, &v}, /*expect_fast=*/false));
}

TEST(OnednnMatMul, TwoThreadsMatchOne) {
  Tensor a = RandomTensor(Shape{4, 37, 64}, 121);
  Tensor b = RandomTensor(Shape{64, 45}, 122);
  Tensor c = RandomTensor(Shape{45}, 123);
  EXPECT_TRUE(MatchesReference(OpKind::kMatMul, Mm(false, false, 0.5f), {&a, &b, &c}, true, 1e-4, 2));
}

TEST(OnednnMatMul, ConstantBIsPackedAndShapeChangesReprepare) {
  Tensor b = RandomTensor(Shape{64, 48}, 131);
  Tensor bias = RandomTensor(Shape{48}, 132);
  KernelRunner runner(OpKind::kMatMul, Mm(), 3, "onednn");
  const Shape shapes[] = {Shape{5, 64}, Shape{5, 64}, Shape{2, 9, 64}, Shape{5, 64}};
  uint64_t seed = 133;
  for (const Shape& s : shapes) {
    Tensor a = RandomTensor(s, seed++);
    OAR_ASSERT_OK_AND_ASSIGN(Tensor got, runner.Run({&a, &b, &bias}, {false, true, true}));
    OAR_ASSERT_OK_AND_ASSIGN(auto ref, runtime::RunOp(OpKind::kMatMul, Mm(), {&a, &b, &bias}, 1, "ref"));
    ASSERT_EQ(got.shape(), ref[0].shape());
    EXPECT_LT(MaxRelativeError(got, ref[0]), 1e-4) << s.ToString();
    EXPECT_FALSE(runner.onednn()->delegated()) << runner.onednn()->delegate_reason();
  }
  EXPECT_EQ(runner.prepare_count(), 3);
}

// A constant B is packed once: overwriting it in place (outside the contract) is not seen, while
// another B tensor is packed anew.
TEST(OnednnMatMul, ConstantBIsPackedOnce) {
  Tensor a = RandomTensor(Shape{8, 32}, 161);
  Tensor b = RandomTensor(Shape{32, 40}, 162);
  Tensor b2 = RandomTensor(Shape{32, 40}, 163);
  OAR_ASSERT_OK_AND_ASSIGN(auto ref1, runtime::RunOp(OpKind::kMatMul, Mm(), {&a, &b}, 1, "ref"));
  OAR_ASSERT_OK_AND_ASSIGN(auto ref2, runtime::RunOp(OpKind::kMatMul, Mm(), {&a, &b2}, 1, "ref"));
  KernelRunner runner(OpKind::kMatMul, Mm(), 2, "onednn");
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y1, runner.Run({&a, &b}, {false, true}));
  EXPECT_LT(MaxRelativeError(y1, ref1[0]), 1e-4);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y2, runner.Run({&a, &b2}, {false, true}));
  EXPECT_LT(MaxRelativeError(y2, ref2[0]), 1e-4);
  std::memcpy(b2.raw_data(), b.raw_data(), b.nbytes());
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y3, runner.Run({&a, &b2}, {false, true}));
  EXPECT_LT(MaxRelativeError(y3, ref2[0]), 1e-4);
}

TEST(OnednnMatMul, RunTwiceGivesTheSameResult) {
  Tensor a = RandomTensor(Shape{3, 19, 23}, 141);
  Tensor b = RandomTensor(Shape{3, 23, 29}, 142);
  KernelRunner runner(OpKind::kMatMul, Mm(false, false, 2.0f), 2, "onednn");
  OAR_ASSERT_OK_AND_ASSIGN(Tensor first, runner.Run({&a, &b}));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor second, runner.Run({&a, &b}));
  EXPECT_FALSE(runner.onednn()->delegated());
  EXPECT_EQ(runner.prepare_count(), 1);
  EXPECT_TRUE(TensorsNear(second, first, 0.0, 0.0));
}

// Without the constant flag B is an activation: a new value in the same buffer must be seen.
TEST(OnednnMatMul, NonConstantBIsReadEveryRun) {
  Tensor a = RandomTensor(Shape{8, 32}, 151);
  Tensor b = RandomTensor(Shape{32, 40}, 152);
  Tensor b2 = RandomTensor(Shape{32, 40}, 153);
  KernelRunner runner(OpKind::kMatMul, Mm(), 2, "onednn");
  OAR_ASSERT_OK(runner.Run({&a, &b}).status());
  std::memcpy(b.raw_data(), b2.raw_data(), b.nbytes());
  OAR_ASSERT_OK_AND_ASSIGN(Tensor got, runner.Run({&a, &b}, {false, false}));
  OAR_ASSERT_OK_AND_ASSIGN(auto ref, runtime::RunOp(OpKind::kMatMul, Mm(), {&a, &b2}, 1, "ref"));
  EXPECT_LT(MaxRelativeError(got, ref[0]), 1e-4);
}

TEST(OnednnMatMul, IsTheDefaultF32Kernel) {
  ir::Node node;
  node.name = "m";
  node.kind = OpKind::kMatMul;
  node.attrs = Mm();
  OAR_ASSERT_OK_AND_ASSIGN(
      const runtime::KernelDef* def,
      runtime::KernelRegistry::Global().Find(node, runtime::DeviceType::kCpu, {DType::kFloat32, DType::kFloat32}));
  EXPECT_EQ(def->name, "onednn");
}

// Fused activations: an eltwise post-op after a fused bias, or applied after the primitive when
// the bias is added separately (per-row bias) or oneDNN lacks the form (hard_swish parameters).
TEST(OnednnMatMul, FusedActivationMatchesReference) {
  const std::vector<ir::FusedActivation> acts = {
      {ir::ActivationKind::kRelu},
      {ir::ActivationKind::kClip, -1.0f, 1.0f},
      {ir::ActivationKind::kLeakyRelu, 0.05f},
      {ir::ActivationKind::kHardSwish, 6.0f, 6.0f, 3.0f},
      {ir::ActivationKind::kHardSwish, 4.0f, 8.0f, 1.0f},
      {ir::ActivationKind::kHardSigmoid, 0.25f, 0.4f},
      {ir::ActivationKind::kSigmoid},
      {ir::ActivationKind::kSwish, 0.8f},
  };
  const std::vector<Shape> biases = {Shape{}, Shape{9}, Shape{13, 1}};  // none, per column (fused), per row
  uint64_t seed = 300;
  for (const ir::FusedActivation& act : acts) {
    for (const Shape& bias_shape : biases) {
      SCOPED_TRACE(std::string(ir::ActivationKindName(act.kind)) + " bias " + bias_shape.ToString());
      Tensor a = RandomTensor(Shape{13, 17}, seed++, -2.0f, 2.0f);
      Tensor b = RandomTensor(Shape{17, 9}, seed++);
      Tensor bias = RandomTensor(bias_shape, seed++);
      MatMulAttrs attrs = Mm(false, false, 1.5f);
      attrs.activation = act;
      std::vector<const Tensor*> inputs = {&a, &b};
      if (bias_shape.rank() > 0) inputs.push_back(&bias);
      EXPECT_TRUE(MatchesReference(OpKind::kMatMul, attrs, inputs));
    }
  }
}

}  // namespace
}  // namespace oar::testing
