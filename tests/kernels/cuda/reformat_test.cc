// LaunchReformat and LaunchConvert against CPU loops: every pair of layouts (NCHW/NHWC) and
// dtypes (f32/f16), odd sizes, one channel / one pixel, sizes crossing many tiles and blocks;
// argument errors (these run without a GPU).
#include "kernels/cuda/reformat.h"

#include <cuda_runtime.h>

#include <memory>
#include <string>
#include <vector>

#include "cuda/cuda_context.h"
#include "kernels/cuda/cuda_test_util.h"

namespace oar::testing {
namespace {

// The logical [N,C,H,W] f32 tensor `x` stored in `layout` (NHWC when channels_last) as `dtype`.
Tensor Store(const Tensor& x, bool channels_last, DType dtype) {
  const int64_t n = x.shape()[0], c = x.shape()[1], h = x.shape()[2], w = x.shape()[3];
  Tensor f(DType::kFloat32, channels_last ? Shape{n, h, w, c} : x.shape());
  const float* src = x.data<float>();
  float* dst = f.data<float>();
  for (int64_t in = 0; in < n; ++in) {
    for (int64_t ic = 0; ic < c; ++ic) {
      for (int64_t p = 0; p < h * w; ++p) {
        const int64_t from = (in * c + ic) * h * w + p;
        dst[channels_last ? (in * h * w + p) * c + ic : from] = src[from];
      }
    }
  }
  return dtype == DType::kFloat16 ? ToHalf(f) : f;
}

// Reformats `x` (logical NCHW f32) from (src layout, src dtype) to (dst layout, dst dtype) on the
// GPU and compares with the CPU-stored expectation, exactly.
void CheckReformat(const Tensor& x, bool src_cl, DType src_dt, bool dst_cl, DType dst_dt) {
  const std::string what = std::string(src_cl ? "NHWC " : "NCHW ") + DTypeName(src_dt) + " -> " +
                           (dst_cl ? "NHWC " : "NCHW ") + DTypeName(dst_dt) + " " + x.shape().ToString();
  // Values the source can hold exactly, so f32 -> f16 -> f32 chains compare bit for bit.
  const Tensor logical = src_dt == DType::kFloat16 ? ToFloat(ToHalf(x)) : x;
  const Tensor src_host = Store(logical, src_cl, src_dt);
  const Tensor expected = Store(logical, dst_cl, dst_dt);
  auto ctx_or = cuda::CudaContext::Create(0);
  ASSERT_TRUE(ctx_or.ok()) << ctx_or.status().ToString();
  std::unique_ptr<cuda::CudaContext> ctx = std::move(ctx_or).value();
  auto src = cuda::ToDevice(src_host, *ctx);
  auto dst = ctx->Empty(dst_dt, expected.shape());
  ASSERT_TRUE(src.ok() && dst.ok());
  const Shape& s = x.shape();
  OAR_ASSERT_OK(kernels::cuda::LaunchReformat(ctx->stream(), src->raw_data(), src_dt, src_cl, dst->raw_data(), dst_dt,
                                              dst_cl, s[0], s[1], s[2], s[3], "test: "));
  auto got = cuda::ToHost(*dst, *ctx);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  const Tensor got_f = dst_dt == DType::kFloat16 ? ToFloat(*got) : *got;
  const Tensor exp_f = dst_dt == DType::kFloat16 ? ToFloat(expected) : expected;
  EXPECT_TRUE(TensorsNear(got_f, exp_f, 0.0, 0.0)) << what;
}

TEST(CudaReformatTest, EveryLayoutAndDTypePair) {
  OAR_SKIP_WITHOUT_GPU();
  const std::vector<Shape> shapes = {Shape{2, 3, 5, 7},    Shape{1, 37, 9, 11},   Shape{3, 1, 6, 5}, Shape{2, 17, 1, 1},
                                     Shape{2, 70, 33, 35}, Shape{1, 5, 130, 129}, Shape{0, 3, 4, 5}};
  uint64_t seed = 1;
  for (const Shape& s : shapes) {
    const Tensor x = RandomTensor(s, ++seed, -3.0f, 3.0f);
    for (bool src_cl : {false, true}) {
      for (bool dst_cl : {false, true}) {
        for (DType src_dt : {DType::kFloat32, DType::kFloat16}) {
          for (DType dst_dt : {DType::kFloat32, DType::kFloat16}) {
            CheckReformat(x, src_cl, src_dt, dst_cl, dst_dt);
            if (HasFatalFailure()) return;
          }
        }
      }
    }
  }
}

TEST(CudaReformatTest, ConvertMatchesHostConversion) {
  OAR_SKIP_WITHOUT_GPU();
  auto ctx_or = cuda::CudaContext::Create(0);
  ASSERT_TRUE(ctx_or.ok()) << ctx_or.status().ToString();
  std::unique_ptr<cuda::CudaContext> ctx = std::move(ctx_or).value();
  struct Range {
    int64_t count;
    float lo, hi;
  };
  // Ordinary values, values in f16's subnormal range, and large values up to f16's maximum.
  for (const Range& r : {Range{1, -1.0f, 1.0f}, Range{1001, -1e-4f, 1e-4f}, Range{70001, -65000.0f, 65000.0f}}) {
    const int64_t count = r.count;
    const Tensor x = RandomTensor(Shape{count}, static_cast<uint64_t>(count), r.lo, r.hi);
    auto d32 = cuda::ToDevice(x, *ctx);
    auto d16 = ctx->Empty(DType::kFloat16, x.shape());
    auto back = ctx->Empty(DType::kFloat32, x.shape());
    ASSERT_TRUE(d32.ok() && d16.ok() && back.ok());
    OAR_ASSERT_OK(kernels::cuda::LaunchConvert(ctx->stream(), d32->raw_data(), DType::kFloat32, d16->raw_data(),
                                               DType::kFloat16, count, ""));
    OAR_ASSERT_OK(kernels::cuda::LaunchConvert(ctx->stream(), d16->raw_data(), DType::kFloat16, back->raw_data(),
                                               DType::kFloat32, count, ""));
    auto h16 = cuda::ToHost(*d16, *ctx);
    auto h32 = cuda::ToHost(*back, *ctx);
    ASSERT_TRUE(h16.ok() && h32.ok());
    const Tensor expected16 = ToHalf(x);  // round to nearest even, as __float2half
    for (int64_t i = 0; i < count; ++i) {
      ASSERT_EQ(h16->data<uint16_t>()[i], expected16.data<uint16_t>()[i]) << "element " << i << " of " << count;
    }
    EXPECT_TRUE(TensorsNear(*h32, ToFloat(expected16), 0.0, 0.0));
    // Same dtype: a plain copy.
    OAR_ASSERT_OK(kernels::cuda::LaunchConvert(ctx->stream(), d32->raw_data(), DType::kFloat32, back->raw_data(),
                                               DType::kFloat32, count, ""));
    auto copy = cuda::ToHost(*back, *ctx);
    ASSERT_TRUE(copy.ok());
    EXPECT_TRUE(TensorsNear(*copy, x, 0.0, 0.0));
  }
}

TEST(CudaReformatTest, RejectsBadArguments) {
  Status s = kernels::cuda::LaunchReformat(nullptr, nullptr, DType::kInt32, false, nullptr, DType::kFloat32, true, 1, 2,
                                           3, 4, "engine 'e': ");
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("engine 'e'"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("i32 -> f32"), std::string::npos) << s.message();
  s = kernels::cuda::LaunchReformat(nullptr, nullptr, DType::kFloat32, false, nullptr, DType::kFloat16, true, 1, -2, 3,
                                    4, "");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("[1,-2,3,4]"), std::string::npos) << s.message();
  float buf[24];
  s = kernels::cuda::LaunchReformat(nullptr, buf, DType::kFloat32, false, buf, DType::kFloat32, true, 1, 2, 3, 4, "");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("in place"), std::string::npos) << s.message();
  s = kernels::cuda::LaunchConvert(nullptr, nullptr, DType::kFloat32, nullptr, DType::kBFloat16, 4, "");
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("f32 -> bf16"), std::string::npos) << s.message();
  // Nothing to do: no device needed.
  OAR_EXPECT_OK(kernels::cuda::LaunchConvert(nullptr, nullptr, DType::kFloat32, nullptr, DType::kFloat16, 0, ""));
  OAR_EXPECT_OK(
      kernels::cuda::LaunchReformat(nullptr, buf, DType::kFloat32, true, buf, DType::kFloat32, true, 1, 2, 3, 4, ""));
}

}  // namespace
}  // namespace oar::testing
