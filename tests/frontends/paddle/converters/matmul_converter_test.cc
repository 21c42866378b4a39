#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

// Batched a [B, M, K] (transposed in storage when ta) times b [K, N] (or [N, K] when tb).
Tensor RefMatMul(const Tensor& a, const Tensor& b, int64_t bs, int64_t m, int64_t k, int64_t n, bool ta, bool tb,
                 float alpha) {
  Tensor out(DType::kFloat32, Shape({bs, m, n}));
  for (int64_t z = 0; z < bs; ++z)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double s = 0;
        for (int64_t q = 0; q < k; ++q) {
          float av = ta ? a.data<float>()[z * m * k + q * m + i] : a.data<float>()[z * m * k + i * k + q];
          float bv = tb ? b.data<float>()[j * k + q] : b.data<float>()[q * n + j];
          s += av * bv;
        }
        out.data<float>()[(z * m + i) * n + j] = static_cast<float>(alpha * s);
      }
  return out;
}

TEST(MatmulConverterTest, TransposesAndAlpha) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 4, 3});                                   // transposed: [2, 3, 4]
  Tensor w = oar::testing::RandomTensor(Shape({5, 4}), 1);  // transposed: [4, 5]
  b.Weight("w", w);
  b.Var("y", testing::kFp32, {2, 3, 5});
  b.Op("matmul")
      .In("X", {"x"})
      .In("Y", {"w"})
      .Out("Out", {"y"})
      .Bool("transpose_X", true)
      .Bool("transpose_Y", true)
      .Float("alpha", 0.5f)
      .Ints("fused_reshape_X", {})
      .Ints("fused_transpose_Out", {});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kMatMul).attr<ir::MatMulAttrs>();
  EXPECT_TRUE(a.transpose_a);
  EXPECT_TRUE(a.transpose_b);
  EXPECT_EQ(a.alpha, 0.5f);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 4, 3}), 2);
  testing::ExpectGraphOutputs(g, {x}, {RefMatMul(x, w, 2, 3, 4, 5, true, true, 0.5f)}, 1e-5, 1e-5);
}

TEST(MatmulConverterTest, VectorsGiveTheDeclaredRank) {
  testing::ProgramBuilder b;
  b.Feed("x", {4}, 0);
  b.Feed("z", {4}, 1);
  b.Var("y", testing::kFp32, {1});
  b.Op("matmul").In("X", {"x"}).In("Y", {"z"}).Out("Out", {"y"});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "matmul,reshape");
  testing::ExpectInferred(g, "y", DType::kFloat32, Shape({1}));
}

TEST(MatmulConverterTest, FusedVariantsAreUnsupported) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 3}, 0);
  b.Feed("z", {3, 2}, 1);
  b.Var("y", testing::kFp32, {2, 2});
  b.Op("matmul").In("X", {"x"}).In("Y", {"z"}).Out("Out", {"y"}).Ints("fused_reshape_Out", {0, 4});
  b.Fetch("y");
  testing::ExpectConvertError(b, ErrorCode::kUnsupported, {"attribute 'fused_reshape_Out' = [0,4]"});
  testing::ProgramBuilder h;
  h.Feed("x", {2, 3}, 0);
  h.Feed("z", {3, 2}, 1);
  h.Var("y", testing::kFp32, {2, 2});
  h.Op("matmul").In("X", {"x"}).In("Y", {"z"}).Out("Out", {"y"}).Int("head_number", 4);
  h.Fetch("y");
  testing::ExpectConvertError(h, ErrorCode::kUnsupported, {"attribute 'head_number' = 4"});
}

}  // namespace
}  // namespace oar::frontends::paddle
