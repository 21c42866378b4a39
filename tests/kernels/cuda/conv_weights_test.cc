// Channels-last convolution weights: the host reorder runs anywhere; the device path on a GPU.
#include "kernels/cuda/conv_weights.h"

#include <gtest/gtest.h>

#include "kernels/cuda/cuda_test_util.h"

namespace oar::testing {
namespace {

TEST(ConvWeightsTest, ReorderPutsChannelsInnermost) {
  const int64_t k = 3, c = 5, r = 2, s = 3;
  Tensor w = RandomTensor(Shape{k, c, r, s}, 17);
  Tensor krsc = kernels::cuda::ReorderKcrsToKrsc(w);
  ASSERT_EQ(krsc.shape(), w.shape());
  for (int64_t ki = 0; ki < k; ++ki) {
    for (int64_t ci = 0; ci < c; ++ci) {
      for (int64_t ri = 0; ri < r; ++ri) {
        for (int64_t si = 0; si < s; ++si) {
          const int64_t kcrs = ((ki * c + ci) * r + ri) * s + si, krs_c = ((ki * r + ri) * s + si) * c + ci;
          EXPECT_EQ(krsc.data<float>()[krs_c], w.data<float>()[kcrs]);
        }
      }
    }
  }
  Tensor h = ToHalf(w);  // two-byte elements move whole
  Tensor hk = kernels::cuda::ReorderKcrsToKrsc(h);
  EXPECT_EQ(hk.data<uint16_t>()[(1 * s + 2) * c + 4], h.data<uint16_t>()[((0 * c + 4) * r + 1) * s + 2]);
}

TEST(ConvWeightsTest, DeviceCopyMatchesTheHostReorder) {
  OAR_SKIP_WITHOUT_GPU();
  OAR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<cuda::CudaContext> ctx, cuda::CudaContext::Create(0));
  Tensor w = RandomTensor(Shape{4, 3, 3, 3}, 18);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor dev_w, cuda::ToDevice(w, *ctx));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor cl, kernels::cuda::ConvWeightsFor(dev_w, true, *ctx, "test: "));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor back, cuda::ToHost(cl, *ctx));
  EXPECT_TRUE(TensorsNear(back, kernels::cuda::ReorderKcrsToKrsc(w), 0, 0));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor same, kernels::cuda::ConvWeightsFor(dev_w, false, *ctx, "test: "));
  EXPECT_EQ(same.raw_data(), dev_w.raw_data());
}

}  // namespace
}  // namespace oar::testing
