// LaunchBiasResidualActivation against a CPU loop written here from the formulas of ir/attrs.h:
// every activation kind, NCHW and channels-last, with and without bias and residual, f32 and f16,
// extents that do and do not allow packs, a misaligned tensor; and its argument errors (no GPU).
#include "kernels/cuda/epilogue.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "cuda/cuda_context.h"
#include "kernels/cuda/cuda_test_util.h"

namespace oar::testing {
namespace {

using ir::ActivationKind;
using ir::FusedActivation;
using kernels::cuda::LaunchBiasResidualActivation;

const std::vector<FusedActivation>& Activations() {
  static const std::vector<FusedActivation> acts = {
      {ActivationKind::kNone, 0.0f, 0.0f, 0.0f},       {ActivationKind::kRelu, 0.0f, 0.0f, 0.0f},
      {ActivationKind::kClip, -0.4f, 0.7f, 0.0f},      {ActivationKind::kClip, 0.0f, 6.0f, 0.0f},
      {ActivationKind::kLeakyRelu, 0.1f, 0.0f, 0.0f},  {ActivationKind::kHardSwish, 6.0f, 6.0f, 3.0f},
      {ActivationKind::kHardSwish, 4.0f, 5.0f, 2.0f},  {ActivationKind::kHardSigmoid, 0.2f, 0.5f, 0.0f},
      {ActivationKind::kSigmoid, 0.0f, 0.0f, 0.0f},    {ActivationKind::kSwish, 1.0f, 0.0f, 0.0f},
      {ActivationKind::kSwish, 1.7f, 0.0f, 0.0f},
  };
  return acts;
}

float Activate(const FusedActivation& a, float x) {
  switch (a.kind) {
    case ActivationKind::kNone:
      return x;
    case ActivationKind::kRelu:
      return std::max(x, 0.0f);
    case ActivationKind::kClip:
      return std::min(std::max(x, a.alpha), a.beta);
    case ActivationKind::kLeakyRelu:
      return x >= 0.0f ? x : a.alpha * x;
    case ActivationKind::kHardSwish:
      return x * std::min(std::max(x + a.gamma, 0.0f), a.alpha) / a.beta;
    case ActivationKind::kHardSigmoid:
      return std::min(std::max(a.alpha * x + a.beta, 0.0f), 1.0f);
    case ActivationKind::kSigmoid:
      return 1.0f / (1.0f + std::exp(-x));
    case ActivationKind::kSwish:
      return x / (1.0f + std::exp(-a.alpha * x));
  }
  return x;
}

struct Layout {
  int64_t outer, channels, inner;
  bool channels_last;
};

/// Rounds f32 values to f16 precision (what an f16 tensor stores).
Tensor RoundToHalf(const Tensor& t) { return ToFloat(ToHalf(t)); }

void CheckEpilogue(cuda::CudaContext& cctx, const Layout& l, const FusedActivation& act, bool with_bias,
                   bool with_residual, DType dtype, uint64_t seed, int64_t offset = 0) {
  const int64_t total = l.outer * l.channels * l.inner;
  const std::string what = std::string(ir::ActivationKindName(act.kind)) + " outer " + std::to_string(l.outer) +
                           " channels " + std::to_string(l.channels) + " inner " + std::to_string(l.inner) +
                           (l.channels_last ? " NHWC" : " NCHW") + (with_bias ? " bias" : "") +
                           (with_residual ? " residual" : "") + " " + DTypeName(dtype) + " offset " +
                           std::to_string(offset);
  const bool half = dtype == DType::kFloat16;
  // Buffers hold `offset` extra leading elements; the kernel sees the tensors from there on.
  Tensor y = RandomTensor(Shape{total + offset}, seed, -4.0f, 4.0f);
  Tensor bias = RandomTensor(Shape{l.channels}, seed + 1, -1.0f, 1.0f);
  Tensor res = RandomTensor(Shape{total + offset}, seed + 2, -2.0f, 2.0f);
  if (half) {
    y = RoundToHalf(y);
    bias = RoundToHalf(bias);
    res = RoundToHalf(res);
  }
  std::vector<float> expect(static_cast<size_t>(total));
  for (int64_t i = 0; i < total; ++i) {
    const int64_t c = l.channels_last ? i % l.channels : (i / l.inner) % l.channels;
    float v = y.data<float>()[offset + i];
    if (with_bias) v += bias.data<float>()[c];
    if (with_residual) v += res.data<float>()[offset + i];
    expect[static_cast<size_t>(i)] = Activate(act, v);
  }
  // Host copies in the device dtype stay alive until the end (the uploads are asynchronous).
  const Tensor y_host = half ? ToHalf(y) : y;
  const Tensor b_host = half ? ToHalf(bias) : bias;
  const Tensor r_host = half ? ToHalf(res) : res;
  OAR_ASSERT_OK_AND_ASSIGN(Tensor dy, cuda::ToDevice(y_host, cctx));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor db, cuda::ToDevice(b_host, cctx));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor dr, cuda::ToDevice(r_host, cctx));
  const size_t esize = DTypeSize(dtype);
  char* y_ptr = static_cast<char*>(dy.raw_data()) + offset * static_cast<int64_t>(esize);
  const char* r_ptr = static_cast<const char*>(dr.raw_data()) + offset * static_cast<int64_t>(esize);
  OAR_ASSERT_OK(LaunchBiasResidualActivation(cctx.stream(), dtype, y_ptr, l.outer, l.channels, l.inner,
                                             l.channels_last, with_bias ? db.raw_data() : nullptr,
                                             with_residual ? r_ptr : nullptr, act, "test: "));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor out, cuda::ToHost(dy, cctx));
  const Tensor got = half ? ToFloat(out) : out;
  const double rtol = half ? 1e-2 : 1e-5, atol = half ? 1e-2 : 1e-6;
  int64_t bad = 0;
  for (int64_t i = 0; i < total && bad < 5; ++i) {
    const float g = got.data<float>()[offset + i], e = expect[static_cast<size_t>(i)];
    if (!(std::fabs(g - e) <= atol + rtol * std::fabs(e))) {
      ADD_FAILURE() << what << ": element " << i << " got " << g << ", expected " << e;
      ++bad;
    }
  }
  // Elements before the view are untouched.
  for (int64_t i = 0; i < offset; ++i) EXPECT_EQ(got.data<float>()[i], y.data<float>()[i]) << what;
}

TEST(CudaEpilogueTest, EveryActivationLayoutAndOperandMatchesCpuLoop) {
  OAR_SKIP_WITHOUT_GPU();
  const std::vector<Layout> layouts = {
      {2, 5, 63, false},       // NCHW, inner not a pack multiple
      {2, 16, 64, false},      // NCHW, packs share a channel
      {3, 32, 1024, false},    // NCHW, 98304 elements
      {2 * 7 * 9, 5, 1, true}, // NHWC, channels not a pack multiple
      {2 * 9 * 7, 16, 1, true},// NHWC, packs of consecutive channels
      {0, 4, 9, false},        // empty
  };
  OAR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<cuda::CudaContext> cctx, cuda::CudaContext::Create(0));
  uint64_t seed = 2300;
  for (DType dtype : {DType::kFloat32, DType::kFloat16}) {
    for (const Layout& l : layouts) {
      for (const FusedActivation& act : Activations()) {
        for (int operands = 0; operands < 4; ++operands) {
          CheckEpilogue(*cctx, l, act, (operands & 1) != 0, (operands & 2) != 0, dtype, seed += 3);
        }
      }
    }
  }
}

TEST(CudaEpilogueTest, MisalignedTensorsTakeTheScalarPath) {
  OAR_SKIP_WITHOUT_GPU();
  OAR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<cuda::CudaContext> cctx, cuda::CudaContext::Create(0));
  const FusedActivation swish{ActivationKind::kSwish, 1.2f, 0.0f, 0.0f};
  CheckEpilogue(*cctx, {2, 16, 64, false}, swish, true, true, DType::kFloat32, 2400, 1);
  CheckEpilogue(*cctx, {2, 16, 64, false}, swish, true, true, DType::kFloat16, 2401, 3);
  CheckEpilogue(*cctx, {64, 16, 1, true}, swish, true, false, DType::kFloat16, 2402, 5);
}

TEST(CudaEpilogueTest, ArgumentErrorsNameTheOp) {
  // Checked before anything is enqueued: no GPU needed.
  const FusedActivation relu{ActivationKind::kRelu, 0.0f, 0.0f, 0.0f};
  Status s = LaunchBiasResidualActivation(nullptr, DType::kFloat64, nullptr, 2, 3, 4, false, nullptr, nullptr, relu,
                                          "cuda conv2d: op 'c' (conv2d): ");
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("op 'c' (conv2d)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("f64"), std::string::npos) << s.message();
  s = LaunchBiasResidualActivation(nullptr, DType::kFloat32, nullptr, 2, 3, 4, true, nullptr, nullptr, relu, "x: ");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("channels-last expects inner = 1, got 4"), std::string::npos) << s.message();
  s = LaunchBiasResidualActivation(nullptr, DType::kFloat16, nullptr, 2, -3, 4, false, nullptr, nullptr, relu, "x: ");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  // Nothing to do is not an error, whatever the pointers.
  OAR_EXPECT_OK(LaunchBiasResidualActivation(nullptr, DType::kFloat32, nullptr, 0, 3, 4, false, nullptr, nullptr,
                                             relu, "x: "));
  OAR_EXPECT_OK(LaunchBiasResidualActivation(nullptr, DType::kFloat32, nullptr, 2, 3, 4, false, nullptr, nullptr,
                                             FusedActivation{}, "x: "));
}

}  // namespace
}  // namespace oar::testing
