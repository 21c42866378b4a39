// CUDA Pool2d against the CPU reference: max/avg, exclusive or not, explicit asymmetric pads,
// SAME/VALID, ceil_mode, global, adaptive, empty windows, batch > 1, f32 and f16; channels-last
// pooling (LaunchPool2d on NHWC) composed with LaunchReformat against NCHW pooling on the GPU;
// argument errors of LaunchPool2d (these run without a GPU).
#include "kernels/cuda/pool2d.h"

#include <cuda_runtime.h>

#include <memory>
#include <string>
#include <vector>

#include "cuda/cuda_context.h"
#include "kernels/cuda/cuda_test_util.h"
#include "kernels/cuda/reformat.h"
#include "kernels/pool2d_test_util.h"
#include "runtime/single_op.h"

namespace oar::testing {
namespace {

using ir::PadMode;
using ir::Pool2dAttrs;
using ir::PoolType;

struct Case {
  std::string name;
  Pool2dAttrs attrs;
  Shape x;
};

std::vector<Case> Cases() {
  const PoolType kMax = PoolType::kMax, kAvg = PoolType::kAvg;
  return {
      {"max 3x3 s2 p1", Pool(kMax, {3, 3}, {2, 2}, {1, 1, 1, 1}), Shape{2, 3, 17, 19}},
      {"max asymmetric pads ceil", Pool(kMax, {3, 3}, {2, 2}, {0, 1, 2, 0}, true), Shape{2, 5, 16, 15}},
      {"avg exclusive 3x3 s1 p1", Pool(kAvg, {3, 3}, {1, 1}, {1, 1, 1, 1}), Shape{1, 3, 7, 9}},
      {"avg inclusive 2x3 asymmetric ceil", Pool(kAvg, {2, 3}, {2, 1}, {1, 0, 0, 2}, true, false), Shape{2, 4, 11, 8}},
      {"avg exclusive asymmetric ceil", Pool(kAvg, {3, 2}, {3, 2}, {2, 1, 0, 1}, true, true), Shape{3, 2, 10, 9}},
      {"avg SAME k3 s2", Pool(kAvg, {3, 3}, {2, 2}, {}, false, true, PadMode::kSame), Shape{2, 3, 9, 10}},
      {"avg inclusive SAME k4 s3", Pool(kAvg, {4, 4}, {3, 3}, {}, false, false, PadMode::kSame), Shape{2, 3, 11, 13}},
      {"max SAME k4 s3", Pool(kMax, {4, 4}, {3, 3}, {}, false, true, PadMode::kSame), Shape{1, 4, 13, 8}},
      {"max VALID k2 s2", Pool(kMax, {2, 2}, {2, 2}, {5, 5, 5, 5}, false, true, PadMode::kValid), Shape{3, 2, 9, 7}},
      {"max window over the input", Pool(kMax, {2, 2}, {2, 2}, {0, 0, 0, 0}), Shape{2, 3, 1, 1}},
      {"avg empty windows give 0", Pool(kAvg, {1, 1}, {1, 1}, {0, 0, 2, 1}), Shape{2, 3, 5, 4}},
      {"max empty windows give 0", Pool(kMax, {1, 2}, {1, 1}, {2, 0, 0, 2}), Shape{1, 2, 3, 5}},
      {"global avg", GlobalPool(kAvg), Shape{2, 17, 5, 3}},
      {"global max", GlobalPool(kMax), Shape{3, 5, 7, 9}},
      {"adaptive avg 3x4", AdaptivePool(kAvg, 3, 4), Shape{2, 6, 10, 7}},
      {"adaptive max 5x2", AdaptivePool(kMax, 5, 2), Shape{1, 3, 13, 9}},
      {"adaptive avg upsampling 7x7", AdaptivePool(kAvg, 7, 7), Shape{2, 3, 3, 5}},
      {"large max 3x3 s2 p1", Pool(kMax, {3, 3}, {2, 2}, {1, 1, 1, 1}), Shape{4, 32, 57, 55}},
      {"large avg 2x2 s2", Pool(kAvg, {2, 2}, {2, 2}, {0, 0, 0, 0}), Shape{3, 64, 41, 39}},
  };
}

TEST(CudaPool2dTest, MatchesReferenceF32) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 10;
  for (const Case& c : Cases()) {
    Tensor x = RandomTensor(c.x, ++seed, -2.0f, 2.0f);
    // Max pooling selects inputs and average pooling sums in the reference's order: both exact.
    EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kPool2d, c.attrs, {&x}, 1, DType::kFloat32, 1e-6, 1e-6)) << c.name;
  }
}

TEST(CudaPool2dTest, MatchesReferenceF16) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 100;
  for (const Case& c : Cases()) {
    Tensor x = RandomTensor(c.x, ++seed, -2.0f, 2.0f);
    EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kPool2d, c.attrs, {&x}, 1, DType::kFloat16, 1e-2, 1e-2)) << c.name;
  }
}

// Runs pooling of the NCHW f32 tensor `x_host` twice on the GPU: NCHW directly (`dtype`
// storage, converted with LaunchConvert), and NHWC through LaunchReformat before and after.
// Both results come back as f32 NCHW host tensors.
void PoolBothLayouts(const Tensor& x_host, const Pool2dAttrs& attrs, DType dtype, Tensor* nchw, Tensor* nhwc) {
  auto ctx_or = cuda::CudaContext::Create(0);
  ASSERT_TRUE(ctx_or.ok()) << ctx_or.status().ToString();
  std::unique_ptr<cuda::CudaContext> ctx = std::move(ctx_or).value();
  const kernels::cuda::Pool2dGeometry g = kernels::cuda::MakePool2dGeometry(attrs, x_host.shape());
  const Shape y_shape{g.n, g.c, g.oh, g.ow};
  auto x = cuda::ToDevice(x_host, *ctx);
  auto x_typed = ctx->Empty(dtype, x_host.shape());
  auto x_cl = ctx->Empty(dtype, Shape{g.n, g.h, g.w, g.c});
  auto y_typed = ctx->Empty(dtype, y_shape);
  auto y_cl = ctx->Empty(dtype, Shape{g.n, g.oh, g.ow, g.c});
  auto y1 = ctx->Empty(DType::kFloat32, y_shape);
  auto y2 = ctx->Empty(DType::kFloat32, y_shape);
  for (auto* t : {&x, &x_typed, &x_cl, &y_typed, &y_cl, &y1, &y2}) ASSERT_TRUE(t->ok()) << t->status().ToString();
  cudaStream_t s = ctx->stream();
  const std::string where = "test: ";
  // NCHW route.
  OAR_ASSERT_OK(kernels::cuda::LaunchConvert(s, x->raw_data(), DType::kFloat32, x_typed->raw_data(), dtype,
                                             x_host.numel(), where));
  OAR_ASSERT_OK(kernels::cuda::LaunchPool2d(s, dtype, x_typed->raw_data(), y_typed->raw_data(), g, false, where));
  OAR_ASSERT_OK(kernels::cuda::LaunchConvert(s, y_typed->raw_data(), dtype, y1->raw_data(), DType::kFloat32,
                                             y_shape.NumElements(), where));
  // NHWC route.
  OAR_ASSERT_OK(kernels::cuda::LaunchReformat(s, x->raw_data(), DType::kFloat32, false, x_cl->raw_data(), dtype, true,
                                              g.n, g.c, g.h, g.w, where));
  OAR_ASSERT_OK(kernels::cuda::LaunchPool2d(s, dtype, x_cl->raw_data(), y_cl->raw_data(), g, true, where));
  OAR_ASSERT_OK(kernels::cuda::LaunchReformat(s, y_cl->raw_data(), dtype, true, y2->raw_data(), DType::kFloat32, false,
                                              g.n, g.c, g.oh, g.ow, where));
  auto h1 = cuda::ToHost(*y1, *ctx);
  auto h2 = cuda::ToHost(*y2, *ctx);
  ASSERT_TRUE(h1.ok() && h2.ok());
  *nchw = *h1;
  *nhwc = *h2;
}

TEST(CudaPool2dTest, ChannelsLastMatchesNchw) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 300;
  for (DType dtype : {DType::kFloat32, DType::kFloat16}) {
    for (const Case& c : Cases()) {
      Tensor x = RandomTensor(c.x, ++seed, -2.0f, 2.0f);
      Tensor nchw, nhwc;
      PoolBothLayouts(x, c.attrs, dtype, &nchw, &nhwc);
      if (HasFatalFailure()) return;
      // Same windows summed in the same order: identical bits whatever the layout.
      EXPECT_TRUE(TensorsNear(nhwc, nchw, 0.0, 0.0)) << c.name << " " << DTypeName(dtype);
      // And the NCHW route agrees with the CPU reference.
      auto ref = runtime::RunOp(ir::OpKind::kPool2d, c.attrs, {&x}, 1, "ref");
      ASSERT_TRUE(ref.ok()) << ref.status().ToString();
      const double tol = dtype == DType::kFloat16 ? 1e-2 : 1e-6;
      EXPECT_TRUE(TensorsNear(nchw, (*ref)[0], tol, tol)) << c.name << " " << DTypeName(dtype);
    }
  }
}

TEST(CudaPool2dTest, GeometryFollowsTheSchema) {
  // SAME pads split as the schema does: total 3 (in 10, k 4, s 3) -> top/left 1, bottom/right 2.
  Pool2dAttrs same = Pool(PoolType::kAvg, {4, 4}, {3, 3}, {}, false, false, PadMode::kSame);
  kernels::cuda::Pool2dGeometry g = kernels::cuda::MakePool2dGeometry(same, Shape{2, 3, 10, 10});
  EXPECT_EQ(g.oh, 4);
  EXPECT_EQ(g.pads[0], 1);
  EXPECT_EQ(g.pads[2], 2);
  EXPECT_FALSE(g.exclusive);
  // Global and adaptive pooling always divide by the clipped count.
  Pool2dAttrs global = GlobalPool(PoolType::kAvg);
  global.exclusive = false;
  g = kernels::cuda::MakePool2dGeometry(global, Shape{1, 2, 5, 7});
  EXPECT_EQ(g.oh, 1);
  EXPECT_EQ(g.ow, 1);
  EXPECT_EQ(g.kernel[0], 5);
  EXPECT_EQ(g.kernel[1], 7);
  EXPECT_TRUE(g.exclusive);
  Pool2dAttrs adaptive = AdaptivePool(PoolType::kAvg, 3, 2);
  adaptive.exclusive = false;
  g = kernels::cuda::MakePool2dGeometry(adaptive, Shape{1, 2, 8, 9});
  EXPECT_TRUE(g.adaptive);
  EXPECT_TRUE(g.exclusive);
  EXPECT_EQ(g.oh, 3);
  EXPECT_EQ(g.ow, 2);
}

TEST(CudaPool2dTest, LaunchRejectsBadArguments) {
  kernels::cuda::Pool2dGeometry g;
  g.n = 1;
  g.c = 2;
  g.h = g.w = 4;
  g.oh = g.ow = 2;
  g.kernel[0] = g.kernel[1] = 2;
  g.strides[0] = g.strides[1] = 2;
  Status s = kernels::cuda::LaunchPool2d(nullptr, DType::kInt32, nullptr, nullptr, g, false, "op 'p' (pool2d): ");
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("op 'p' (pool2d)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("dtype i32"), std::string::npos) << s.message();
  g.strides[1] = 0;
  s = kernels::cuda::LaunchPool2d(nullptr, DType::kFloat32, nullptr, nullptr, g, true, "op 'p' (pool2d): ");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("invalid geometry"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("strides 2x0"), std::string::npos) << s.message();
  // An empty output enqueues nothing (and needs no device).
  g.strides[1] = 2;
  g.n = 0;
  OAR_EXPECT_OK(kernels::cuda::LaunchPool2d(nullptr, DType::kFloat16, nullptr, nullptr, g, false, ""));
}

}  // namespace
}  // namespace oar::testing
