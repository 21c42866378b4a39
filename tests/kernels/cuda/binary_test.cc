// The CUDA binary kernels against the CPU reference for every op, f32 and f16 (and i32/i64 where
// offered), on each broadcast pattern: equal shapes, scalar operands, per-channel vectors on
// either side (vectorised and not), general broadcasts up to rank 8, empty outputs; misaligned
// views; the broadcast geometry and the `accepts` answers (no GPU needed).
#include "kernels/cuda/binary.h"

#include <string>
#include <utility>
#include <vector>

#include "cuda/cuda_context.h"
#include "math_test_util.h"
#include "runtime/single_op.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using kernels::cuda::BinaryGeometry;
using kernels::cuda::BinaryOp;
using kernels::cuda::LaunchBinary;
using kernels::cuda::MakeBinaryGeometry;

const OpKind kAllOps[] = {OpKind::kAdd, OpKind::kSub, OpKind::kMul, OpKind::kDiv,
                          OpKind::kMax, OpKind::kMin, OpKind::kPow};

const std::vector<std::pair<Shape, Shape>>& ShapePairs() {
  static const std::vector<std::pair<Shape, Shape>> pairs = {
      {{2, 17, 5, 3}, {2, 17, 5, 3}},                            // equal
      {{70001}, {70001}},                                        // equal, many blocks, odd tail
      {{3, 7, 9}, {1}},                                          // scalar b
      {{}, {5, 6}},                                              // scalar a (rank 0)
      {{2, 3, 7, 9}, {1, 3, 1, 1}},                              // channel b, inner 63 (general kernel)
      {{2, 8, 4, 4}, {1, 8, 1, 1}},                              // channel b, inner 16 (packs)
      {{4, 32, 24, 24}, {1, 32, 1, 1}},                          // channel b, 73728 elements
      {{5, 16}, {16}},                                           // channel b, inner 1 (packs of channels)
      {{6, 5}, {5}},                                             // channel b, inner 1, 5 channels
      {{1, 3, 1, 1}, {2, 3, 7, 9}},                              // channel a
      {{16}, {3, 16}},                                           // channel a, inner 1
      {{8, 1}, {8, 32}},                                         // channel a, outer 1
      {{2, 1, 4, 1, 3}, {1, 5, 1, 6, 1}},                        // general
      {{2, 1, 3, 1, 2, 1, 2, 3}, {1, 2, 1, 3, 1, 2, 1, 1}},      // general, rank 8
      {{0, 3}, {3}},                                             // empty output
  };
  return pairs;
}

// Operands in ranges where every op is well defined: positive bases for Pow, no zero divisors.
std::pair<Tensor, Tensor> Operands(OpKind kind, const Shape& a, const Shape& b, uint64_t seed) {
  if (kind == OpKind::kPow) return {RandomTensor(a, seed, 0.5f, 2.0f), RandomTensor(b, seed + 1, -2.0f, 2.0f)};
  if (kind == OpKind::kDiv) return {RandomTensor(a, seed, -3.0f, 3.0f), RandomTensor(b, seed + 1, 0.5f, 2.0f)};
  return {RandomTensor(a, seed, -3.0f, 3.0f), RandomTensor(b, seed + 1, -3.0f, 3.0f)};
}

TEST(CudaBinaryTest, EveryOpAndBroadcastPatternMatchesReference) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 500;
  for (OpKind kind : kAllOps) {
    for (const auto& [sa, sb] : ShapePairs()) {
      seed += 2;
      const auto [a, b] = Operands(kind, sa, sb, seed);
      ExpectCudaMatchesF32AndF16(kind, ir::NoAttrs{}, {&a, &b},
                                 std::string(ir::OpKindName(kind)) + " " + sa.ToString() + " " + sb.ToString());
    }
  }
}

TEST(CudaBinaryTest, PowWithExponentTwoAndNegativeBases) {
  OAR_SKIP_WITHOUT_GPU();
  const Tensor a = RandomTensor(Shape{3, 5, 77}, 71, -3.0f, 3.0f);
  const float two = 2.0f;
  const Tensor e = MakeTensor<float>(Shape{1}, &two);
  ExpectCudaMatchesF32AndF16(OpKind::kPow, ir::NoAttrs{}, {&a, &e}, "x^2");
}

TEST(CudaBinaryTest, IntegerOpsMatchReference) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 900;
  for (DType t : {DType::kInt32, DType::kInt64}) {
    for (OpKind kind : {OpKind::kAdd, OpKind::kSub, OpKind::kMul, OpKind::kMax, OpKind::kMin}) {
      for (const auto& [sa, sb] : ShapePairs()) {
        seed += 2;
        const Tensor a = RandomIntTensor(t, sa, seed, -1000, 1000);
        const Tensor b = RandomIntTensor(t, sb, seed + 1, -1000, 1000);
        EXPECT_TRUE(CudaMatchesReference(kind, ir::NoAttrs{}, {&a, &b}))
            << ir::OpKindName(kind) << " " << DTypeName(t) << " " << sa.ToString() << " " << sb.ToString();
      }
    }
  }
}

TEST(CudaBinaryTest, MisalignedOperandsFallBackToTheGeneralKernel) {
  OAR_SKIP_WITHOUT_GPU();
  // Views one element past a 16-byte boundary: the flat and per-channel patterns cannot use packs.
  const int64_t n = 4 * 8 * 16;
  const Tensor a = RandomTensor(Shape{n + 1}, 81, -2.0f, 2.0f);
  const Tensor b = RandomTensor(Shape{n + 1}, 82, -2.0f, 2.0f);
  OAR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<cuda::CudaContext> cctx, cuda::CudaContext::Create(0));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor da, cuda::ToDevice(a, *cctx));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor db, cuda::ToDevice(b, *cctx));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor dy, cctx->Empty(DType::kFloat32, Shape{n + 1}));
  const Tensor va = MakeTensor<float>(Shape{4, 8, 16}, a.data<float>() + 1);
  const Tensor vb_full = MakeTensor<float>(Shape{4, 8, 16}, b.data<float>() + 1);
  const Tensor vb_chan = MakeTensor<float>(Shape{1, 8, 1}, b.data<float>() + 1);
  for (const Tensor* vb : {&vb_full, &vb_chan}) {
    BinaryGeometry g;
    OAR_ASSERT_OK(MakeBinaryGeometry(va.shape(), vb->shape(), va.shape(), "test: ", &g));
    OAR_ASSERT_OK(LaunchBinary(cctx->stream(), DType::kFloat32, BinaryOp::kSub, g, da.data<float>() + 1,
                               db.data<float>() + 1, dy.data<float>() + 1, "test: "));
    OAR_ASSERT_OK_AND_ASSIGN(Tensor y, cuda::ToHost(dy, *cctx));
    auto ref = runtime::RunOp(OpKind::kSub, ir::NoAttrs{}, {&va, vb}, 1, "ref");
    ASSERT_TRUE(ref.ok()) << ref.status().ToString();
    const Tensor got = MakeTensor<float>(Shape{4, 8, 16}, y.data<float>() + 1);
    EXPECT_TRUE(TensorsNear(got, (*ref)[0], 0.0, 0.0)) << vb->Describe();
  }
}

TEST(CudaBinaryTest, GeometryPicksThePattern) {
  BinaryGeometry g;
  OAR_ASSERT_OK(MakeBinaryGeometry(Shape{2, 3, 7, 9}, Shape{2, 3, 7, 9}, Shape{2, 3, 7, 9}, "", &g));
  EXPECT_EQ(g.pattern, BinaryGeometry::Pattern::kFlat);
  EXPECT_EQ(g.a_step, 1);
  EXPECT_EQ(g.b_step, 1);
  EXPECT_EQ(g.total, 378);

  OAR_ASSERT_OK(MakeBinaryGeometry(Shape{3, 4}, Shape{}, Shape{3, 4}, "", &g));
  EXPECT_EQ(g.pattern, BinaryGeometry::Pattern::kFlat);
  EXPECT_EQ(g.b_step, 0);

  OAR_ASSERT_OK(MakeBinaryGeometry(Shape{2, 3, 7, 9}, Shape{1, 3, 1, 1}, Shape{2, 3, 7, 9}, "", &g));
  EXPECT_EQ(g.pattern, BinaryGeometry::Pattern::kChannelB);
  EXPECT_EQ(g.channels, 3);
  EXPECT_EQ(g.inner, 63);
  EXPECT_EQ(g.rank, 3);

  OAR_ASSERT_OK(MakeBinaryGeometry(Shape{3}, Shape{2, 3}, Shape{2, 3}, "", &g));
  EXPECT_EQ(g.pattern, BinaryGeometry::Pattern::kChannelA);
  EXPECT_EQ(g.channels, 3);
  EXPECT_EQ(g.inner, 1);

  OAR_ASSERT_OK(MakeBinaryGeometry(Shape{5, 1}, Shape{5, 7}, Shape{5, 7}, "", &g));
  EXPECT_EQ(g.pattern, BinaryGeometry::Pattern::kChannelA);
  EXPECT_EQ(g.channels, 5);
  EXPECT_EQ(g.inner, 7);

  // An outer product broadcasts both operands: general, strides 0 where an operand repeats.
  OAR_ASSERT_OK(MakeBinaryGeometry(Shape{4, 1}, Shape{1, 6}, Shape{4, 6}, "", &g));
  EXPECT_EQ(g.pattern, BinaryGeometry::Pattern::kGeneral);
  ASSERT_EQ(g.rank, 2);
  EXPECT_EQ(g.stride_a[0], 1);
  EXPECT_EQ(g.stride_a[1], 0);
  EXPECT_EQ(g.stride_b[0], 0);
  EXPECT_EQ(g.stride_b[1], 1);
}

TEST(CudaBinaryTest, GeometryErrorsNameTheShapes) {
  BinaryGeometry g;
  Status s = MakeBinaryGeometry(Shape{2, 3}, Shape{4}, Shape{2, 3}, "op 'x' (add): ", &g);
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_NE(s.message().find("op 'x' (add): "), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("[2,3] and [4]"), std::string::npos) << s.message();
  // Ten alternating broadcast dims do not collapse below kMaxBinaryDims.
  const Shape a{2, 1, 2, 1, 2, 1, 2, 1, 2, 1};
  const Shape b{1, 2, 1, 2, 1, 2, 1, 2, 1, 2};
  const Shape out{2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
  s = MakeBinaryGeometry(a, b, out, "op 'y' (mul): ", &g);
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("10 broadcast dims"), std::string::npos) << s.message();
}

TEST(CudaBinaryTest, AcceptsMatchesTheDtypesWithKernels) {
  for (OpKind kind : kAllOps) {
    EXPECT_TRUE(CudaKernelTakes(kind, ir::NoAttrs{}, {DType::kFloat32, DType::kFloat32})) << ir::OpKindName(kind);
    EXPECT_TRUE(CudaKernelTakes(kind, ir::NoAttrs{}, {DType::kFloat16, DType::kFloat16})) << ir::OpKindName(kind);
    EXPECT_FALSE(CudaKernelTakes(kind, ir::NoAttrs{}, {DType::kFloat32, DType::kFloat16})) << ir::OpKindName(kind);
    EXPECT_FALSE(CudaKernelTakes(kind, ir::NoAttrs{}, {DType::kFloat64, DType::kFloat64})) << ir::OpKindName(kind);
  }
  for (OpKind kind : {OpKind::kAdd, OpKind::kSub, OpKind::kMul, OpKind::kMax, OpKind::kMin}) {
    EXPECT_TRUE(CudaKernelTakes(kind, ir::NoAttrs{}, {DType::kInt32, DType::kInt32})) << ir::OpKindName(kind);
    EXPECT_TRUE(CudaKernelTakes(kind, ir::NoAttrs{}, {DType::kInt64, DType::kInt64})) << ir::OpKindName(kind);
  }
  // Integer Div (a zero divisor is an error on the CPU) and integer Pow (no CPU kernel) stay off.
  EXPECT_FALSE(CudaKernelTakes(OpKind::kDiv, ir::NoAttrs{}, {DType::kInt32, DType::kInt32}));
  EXPECT_FALSE(CudaKernelTakes(OpKind::kPow, ir::NoAttrs{}, {DType::kInt64, DType::kInt64}));
  const ir::Node div = MathNode(OpKind::kDiv, ir::NoAttrs{}, 2);
  for (const runtime::KernelDef* d : CudaMathDefs(OpKind::kDiv)) {
    ASSERT_NE(d->accepts, nullptr);
    EXPECT_FALSE(d->accepts(div, {DType::kInt64, DType::kInt64}));
    EXPECT_TRUE(d->accepts(div, {DType::kFloat16, DType::kFloat16}));
  }
}

}  // namespace
}  // namespace oar::testing
