// The reference MatMul against a naive float64 numpy-style matmul: transposes, alpha, batch
// broadcasting, rank-1 operands, and bias broadcast onto the result.
#include <ostream>
#include <string>
#include <vector>

#include "nn_ref_test_util.h"

namespace oar::testing {
namespace {

using ir::MatMulAttrs;
using ir::OpKind;

MatMulAttrs MM(bool ta, bool tb, float alpha = 1.0f) {
  MatMulAttrs a;
  a.transpose_a = ta;
  a.transpose_b = tb;
  a.alpha = alpha;
  return a;
}

// Index of `out_idx` (right-aligned) into a tensor of `dims`, broadcasting size-1 dims.
int64_t BroadcastIndex(const std::vector<int64_t>& out_idx, const std::vector<int64_t>& dims) {
  int64_t off = 0;
  const size_t shift = out_idx.size() - dims.size();
  for (size_t d = 0; d < dims.size(); ++d) off = off * dims[d] + (dims[d] == 1 ? 0 : out_idx[d + shift]);
  return off;
}

Tensor NaiveMatMul(const Tensor& a, const Tensor& b, const Tensor* bias, const MatMulAttrs& attrs) {
  std::vector<int64_t> ad = a.shape().dims(), bd = b.shape().dims();
  const bool a1 = ad.size() == 1, b1 = bd.size() == 1;
  if (a1) ad.insert(ad.begin(), 1);
  if (b1) bd.push_back(1);
  const bool ta = attrs.transpose_a && !a1, tb = attrs.transpose_b && !b1;
  const size_t ra = ad.size(), rb = bd.size();
  const int64_t m = ta ? ad[ra - 1] : ad[ra - 2], k = ta ? ad[ra - 2] : ad[ra - 1];
  const int64_t n = tb ? bd[rb - 2] : bd[rb - 1];
  std::vector<int64_t> batch_a(ad.begin(), ad.end() - 2), batch_b(bd.begin(), bd.end() - 2);
  const size_t rank = std::max(batch_a.size(), batch_b.size());
  while (batch_a.size() < rank) batch_a.insert(batch_a.begin(), 1);
  while (batch_b.size() < rank) batch_b.insert(batch_b.begin(), 1);
  std::vector<int64_t> batch(rank);
  int64_t batches = 1;
  for (size_t d = 0; d < rank; ++d) {
    batch[d] = std::max(batch_a[d], batch_b[d]);
    batches *= batch[d];
  }
  std::vector<int64_t> out_dims = batch;
  if (!a1) out_dims.push_back(m);
  if (!b1) out_dims.push_back(n);
  std::vector<double> av = ToDoubles(a), bv = ToDoubles(b), biasv;
  std::vector<int64_t> bias_dims;
  if (bias) {
    biasv = ToDoubles(*bias);
    bias_dims = bias->shape().dims();
  }
  std::vector<double> y(static_cast<size_t>(batches * m * n));
  for (int64_t t = 0; t < batches; ++t) {
    std::vector<int64_t> idx(rank);
    for (size_t d = rank, rem = static_cast<size_t>(t); d-- > 0;) {
      idx[d] = static_cast<int64_t>(rem % static_cast<size_t>(batch[d]));
      rem /= static_cast<size_t>(batch[d]);
    }
    const int64_t ao = BroadcastIndex(idx, batch_a) * m * k, bo = BroadcastIndex(idx, batch_b) * k * n;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double s = 0;
        for (int64_t p = 0; p < k; ++p) {
          double x = av[static_cast<size_t>(ao + (ta ? p * m + i : i * k + p))];
          double z = bv[static_cast<size_t>(bo + (tb ? j * k + p : p * n + j))];
          s += x * z;
        }
        s *= attrs.alpha;
        if (bias) {
          std::vector<int64_t> full = idx;
          if (!a1) full.push_back(i);
          if (!b1) full.push_back(j);
          s += biasv[static_cast<size_t>(BroadcastIndex(full, bias_dims))];
        }
        y[static_cast<size_t>((t * m + i) * n + j)] = s;
      }
    }
  }
  return FromDoubles(Shape(out_dims), y);
}

struct MatMulCase {
  const char* name;
  Shape a, b;
  MatMulAttrs attrs;
  bool has_bias;
  Shape bias;
  int threads;
};

// gtest prints parameters of failing cases; the name says which one.
void PrintTo(const MatMulCase& c, std::ostream* os) { *os << c.name; }

class RefMatMulCases : public ::testing::TestWithParam<MatMulCase> {};

TEST_P(RefMatMulCases, MatchesNaiveMatMul) {
  const MatMulCase& c = GetParam();
  Tensor a = RandomTensor(c.a, 31);
  Tensor b = RandomTensor(c.b, 32);
  Tensor bias = RandomTensor(c.bias, 33);
  std::vector<const Tensor*> inputs = {&a, &b};
  if (c.has_bias) inputs.push_back(&bias);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kMatMul, c.attrs, inputs, c.threads));
  EXPECT_TRUE(TensorsNear(y, NaiveMatMul(a, b, c.has_bias ? &bias : nullptr, c.attrs), 1e-4, 1e-5));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, RefMatMulCases,
    ::testing::Values(
        MatMulCase{"plain_2d", Shape{7, 5}, Shape{5, 9}, MM(false, false), false, Shape{}, 1},
        MatMulCase{"trans_a", Shape{5, 7}, Shape{5, 9}, MM(true, false), false, Shape{}, 1},
        MatMulCase{"trans_b_fc_row", Shape{1, 37}, Shape{23, 37}, MM(false, true), true, Shape{23}, 1},
        MatMulCase{"trans_both_alpha", Shape{6, 4}, Shape{3, 6}, MM(true, true, -0.5f), false, Shape{}, 1},
        MatMulCase{"large_threads", Shape{70, 140}, Shape{140, 130}, MM(false, false), true, Shape{130}, 3},
        MatMulCase{"batch_same", Shape{3, 4, 5}, Shape{3, 5, 6}, MM(false, false), false, Shape{}, 2},
        MatMulCase{"batch_broadcast_b2d", Shape{2, 3, 4, 5}, Shape{5, 6}, MM(false, false), false, Shape{}, 1},
        MatMulCase{"batch_broadcast_both", Shape{2, 1, 4, 5}, Shape{3, 5, 6}, MM(false, false), false, Shape{}, 2},
        MatMulCase{"batch_broadcast_trans", Shape{1, 3, 5, 4}, Shape{2, 1, 6, 5}, MM(true, true), false, Shape{}, 1},
        MatMulCase{"attention_scores", Shape{2, 3, 7, 8}, Shape{2, 3, 7, 8}, MM(false, true, 0.35f), true,
                   Shape{2, 1, 1, 7}, 4},
        MatMulCase{"a_rank1", Shape{5}, Shape{5, 3}, MM(true, false), false, Shape{}, 1},
        MatMulCase{"a_rank1_batched_b", Shape{5}, Shape{2, 5, 3}, MM(false, false), true, Shape{3}, 1},
        MatMulCase{"b_rank1", Shape{4, 5}, Shape{5}, MM(false, true), true, Shape{4}, 1},
        MatMulCase{"b_rank1_batched_a_trans", Shape{2, 5, 4}, Shape{5}, MM(true, false), false, Shape{}, 1},
        MatMulCase{"both_rank1_dot", Shape{9}, Shape{9}, MM(false, false, 2.0f), true, Shape{}, 1},
        MatMulCase{"bias_column", Shape{6, 5}, Shape{5, 4}, MM(false, false), true, Shape{6, 1}, 1},
        MatMulCase{"bias_scalar_like", Shape{2, 6, 5}, Shape{5, 4}, MM(false, false), true, Shape{1}, 1},
        MatMulCase{"bias_full", Shape{2, 6, 5}, Shape{2, 5, 4}, MM(false, false), true, Shape{2, 6, 4}, 2},
        MatMulCase{"empty_k", Shape{3, 0}, Shape{0, 4}, MM(false, false), true, Shape{4}, 1}),
    [](const ::testing::TestParamInfo<MatMulCase>& info) { return std::string(info.param.name); });

TEST(RefMatMulTest, HandComputed) {
  Tensor a = F32(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = F32(Shape{3, 2}, {7, 8, 9, 10, 11, 12});
  Tensor bias = F32(Shape{2}, {0.5f, -1});
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kMatMul, MM(false, false), {&a, &b, &bias}));
  EXPECT_TRUE(TensorsNear(y, F32(Shape{2, 2}, {58.5f, 63, 139.5f, 153})));
}

TEST(RefMatMulTest, ContractionMismatchNamesBothShapes) {
  Tensor a = RandomTensor(Shape{2, 3}, 1);
  Tensor b = RandomTensor(Shape{4, 2}, 2);
  auto r = RunRef(OpKind::kMatMul, MM(false, false), {&a, &b});
  EXPECT_TRUE(FailsWith(r.status(), {"matmul", "input #1", "contraction dim of 3", "[2,3]", "[4,2]"}));
}

// Fused activation (attrs.h: y = act(alpha * A @ B + bias)) against matmul, then the unary op.
TEST(RefMatMulTest, FusedActivationMatchesUnfusedOps) {
  struct Act {
    ir::FusedActivation fused;
    OpKind kind;
    ir::Attrs attrs;
  };
  const std::vector<Act> acts = {
      {{ir::ActivationKind::kRelu}, OpKind::kRelu, ir::NoAttrs{}},
      {{ir::ActivationKind::kClip, -0.5f, 0.5f}, OpKind::kClip, ir::ClipAttrs{-0.5f, 0.5f}},
      {{ir::ActivationKind::kHardSwish, 5.0f, 4.0f, 2.0f}, OpKind::kHardSwish, ir::HardSwishAttrs{5.0f, 4.0f, 2.0f}},
      {{ir::ActivationKind::kSigmoid}, OpKind::kSigmoid, ir::NoAttrs{}},
      {{ir::ActivationKind::kSwish, 0.5f}, OpKind::kSwish, ir::SwishAttrs{0.5f}},
  };
  uint64_t seed = 700;
  for (const Act& act : acts) {
    SCOPED_TRACE(ir::ActivationKindName(act.fused.kind));
    Tensor a = RandomTensor(Shape{3, 5, 17}, seed++);
    Tensor b = RandomTensor(Shape{17, 9}, seed++);
    Tensor bias = RandomTensor(Shape{9}, seed++);
    MatMulAttrs plain = MM(false, false, 0.75f);
    OAR_ASSERT_OK_AND_ASSIGN(Tensor y, RunRef(OpKind::kMatMul, plain, {&a, &b, &bias}));
    OAR_ASSERT_OK_AND_ASSIGN(Tensor want, RunRef(act.kind, act.attrs, {&y}));
    MatMulAttrs fused = plain;
    fused.activation = act.fused;
    OAR_ASSERT_OK_AND_ASSIGN(Tensor got, RunRef(OpKind::kMatMul, fused, {&a, &b, &bias}, 2));
    EXPECT_TRUE(TensorsNear(got, want, 1e-5, 1e-6));
  }
}

}  // namespace
}  // namespace oar::testing
