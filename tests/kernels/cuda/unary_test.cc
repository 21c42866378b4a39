// The CUDA unary kernels against the CPU reference (f32, f16; Relu/Clip on i32/i64) on odd shapes,
// rank 1..6, an empty tensor and sizes that cross many blocks; the unvectorised path on a
// misaligned view; and the registrations and `accepts` answers (no GPU needed).
#include "kernels/cuda/unary.h"

#include <string>
#include <vector>

#include "cuda/cuda_context.h"
#include "math_test_util.h"
#include "runtime/single_op.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using kernels::cuda::LaunchUnary;
using kernels::cuda::UnaryOp;
using kernels::cuda::UnaryParams;

struct UnaryCase {
  OpKind kind;
  ir::Attrs attrs;
  float lo, hi;  // input range
  const char* what;
};

std::vector<UnaryCase> FloatCases() {
  return {
      {OpKind::kRelu, ir::NoAttrs{}, -2.0f, 2.0f, "relu"},
      {OpKind::kLeakyRelu, ir::LeakyReluAttrs{0.13f}, -2.0f, 2.0f, "leaky_relu"},
      {OpKind::kSigmoid, ir::NoAttrs{}, -6.0f, 6.0f, "sigmoid"},
      {OpKind::kTanh, ir::NoAttrs{}, -3.0f, 3.0f, "tanh"},
      {OpKind::kHardSigmoid, ir::HardSigmoidAttrs{0.17f, 0.4f}, -5.0f, 5.0f, "hard_sigmoid"},
      {OpKind::kHardSwish, ir::HardSwishAttrs{}, -5.0f, 5.0f, "hard_swish default"},
      {OpKind::kHardSwish, ir::HardSwishAttrs{4.5f, 5.0f, 2.5f}, -5.0f, 5.0f, "hard_swish 4.5/5/2.5"},
      {OpKind::kSwish, ir::SwishAttrs{1.3f}, -5.0f, 5.0f, "swish"},
      {OpKind::kGelu, ir::GeluAttrs{false}, -4.0f, 4.0f, "gelu erf"},
      {OpKind::kGelu, ir::GeluAttrs{true}, -4.0f, 4.0f, "gelu tanh"},
      {OpKind::kClip, ir::ClipAttrs{-0.3f, 0.55f}, -1.0f, 1.0f, "clip"},
      {OpKind::kExp, ir::NoAttrs{}, -4.0f, 4.0f, "exp"},
      {OpKind::kSqrt, ir::NoAttrs{}, 0.0f, 9.0f, "sqrt"},
  };
}

TEST(CudaUnaryTest, EveryFloatOpMatchesReferenceOnAwkwardShapes) {
  OAR_SKIP_WITHOUT_GPU();
  const std::vector<Shape> shapes = {{1, 3, 7, 9}, {2, 17, 5, 3}, {70001}, {4, 1, 3, 1, 2, 5}, {0, 5}, {1}};
  uint64_t seed = 100;
  for (const UnaryCase& c : FloatCases()) {
    for (const Shape& s : shapes) {
      const Tensor x = RandomTensor(s, ++seed, c.lo, c.hi);
      ExpectCudaMatchesF32AndF16(c.kind, c.attrs, {&x}, std::string(c.what) + " " + s.ToString());
    }
  }
}

TEST(CudaUnaryTest, ReluAndClipOnIntegersMatchReference) {
  OAR_SKIP_WITHOUT_GPU();
  for (DType t : {DType::kInt32, DType::kInt64}) {
    const Tensor x = RandomIntTensor(t, Shape{3, 5, 4679}, 7, -100, 100);
    EXPECT_TRUE(CudaMatchesReference(OpKind::kRelu, ir::NoAttrs{}, {&x})) << DTypeName(t);
    // Bounds round inward: [-7.5, 20.2] clips integers to [-7, 20].
    EXPECT_TRUE(CudaMatchesReference(OpKind::kClip, ir::ClipAttrs{-7.5f, 20.2f}, {&x})) << DTypeName(t);
    // The default (+-FLT_MAX) bounds saturate into the integer range and change nothing.
    EXPECT_TRUE(CudaMatchesReference(OpKind::kClip, ir::ClipAttrs{}, {&x})) << DTypeName(t);
  }
}

TEST(CudaUnaryTest, MisalignedViewRunsTheScalarPathCorrectly) {
  OAR_SKIP_WITHOUT_GPU();
  // Elements [1, n) of a device buffer: 4 bytes past a 16-byte boundary, so no pack loads.
  const int64_t n = 1001;
  const Tensor x = RandomTensor(Shape{n}, 11, -3.0f, 3.0f);
  OAR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<cuda::CudaContext> cctx, cuda::CudaContext::Create(0));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor dx, cuda::ToDevice(x, *cctx));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor dy, cctx->Empty(DType::kFloat32, Shape{n}));
  UnaryParams p;
  OAR_ASSERT_OK(LaunchUnary(cctx->stream(), DType::kFloat32, UnaryOp::kSigmoid, p, dx.data<float>() + 1,
                            dy.data<float>() + 1, n - 1, "test: "));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor y, cuda::ToHost(dy, *cctx));
  const Tensor tail = MakeTensor<float>(Shape{n - 1}, x.data<float>() + 1);
  auto ref = runtime::RunOp(OpKind::kSigmoid, ir::NoAttrs{}, {&tail}, 1, "ref");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  const Tensor got = MakeTensor<float>(Shape{n - 1}, y.data<float>() + 1);
  EXPECT_TRUE(TensorsNear(got, (*ref)[0], 1e-5, 1e-6));
}

TEST(CudaUnaryTest, FloatOpsAreRegisteredForF32AndF16AsLayoutAgnostic) {
  for (const UnaryCase& c : FloatCases()) {
    std::vector<const runtime::KernelDef*> defs = CudaMathDefs(c.kind);
    ASSERT_FALSE(defs.empty()) << c.what;
    for (const runtime::KernelDef* d : defs) {
      EXPECT_EQ(d->priority, 10) << c.what;
      EXPECT_EQ(d->layout, runtime::KernelDef::Layout::kAgnostic) << c.what;
    }
    EXPECT_TRUE(CudaKernelTakes(c.kind, c.attrs, {DType::kFloat32})) << c.what;
    EXPECT_TRUE(CudaKernelTakes(c.kind, c.attrs, {DType::kFloat16})) << c.what;
    EXPECT_FALSE(CudaKernelTakes(c.kind, c.attrs, {DType::kFloat64})) << c.what;
    EXPECT_FALSE(CudaKernelTakes(c.kind, c.attrs, {DType::kBFloat16})) << c.what;
  }
}

TEST(CudaUnaryTest, AcceptsRefusesIntegersForFloatOnlyOps) {
  const ir::Node node = MathNode(OpKind::kSigmoid, ir::NoAttrs{}, 1);
  for (const runtime::KernelDef* d : CudaMathDefs(OpKind::kSigmoid)) {
    ASSERT_NE(d->accepts, nullptr);
    EXPECT_FALSE(d->accepts(node, {DType::kInt32}));
    EXPECT_FALSE(d->accepts(node, {DType::kInt64}));
    EXPECT_TRUE(d->accepts(node, {DType::kFloat16}));
  }
  EXPECT_FALSE(CudaKernelTakes(OpKind::kExp, ir::NoAttrs{}, {DType::kInt64}));
  EXPECT_TRUE(CudaKernelTakes(OpKind::kRelu, ir::NoAttrs{}, {DType::kInt32}));
  EXPECT_TRUE(CudaKernelTakes(OpKind::kClip, ir::ClipAttrs{}, {DType::kInt64}));
  EXPECT_FALSE(CudaKernelTakes(OpKind::kRelu, ir::NoAttrs{}, {DType::kInt8}));
}

TEST(CudaUnaryTest, LaunchRefusesAnOpWithoutAnIntegerKernel) {
  // Refused before anything is enqueued, so no GPU is needed.
  Status s = LaunchUnary(nullptr, DType::kInt32, UnaryOp::kSigmoid, UnaryParams{}, nullptr, nullptr, 4,
                         "op 'n' (sigmoid): ");
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("op 'n' (sigmoid)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("i32"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace oar::testing
