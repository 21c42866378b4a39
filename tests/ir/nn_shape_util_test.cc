// Output-size and padding arithmetic shared by the NN schemas and kernels.
#include "ir/schemas/nn_shape_util.h"

#include "test_util.h"

namespace oar::ir {
namespace {

TEST(NnShapeUtilTest, SamePadTotal) {
  EXPECT_EQ(SamePadTotal(7, 3, 1), 2);   // out 7
  EXPECT_EQ(SamePadTotal(7, 3, 2), 2);   // out 4: (3*2 + 3) - 7
  EXPECT_EQ(SamePadTotal(8, 3, 2), 1);   // out 4: 9 - 8
  EXPECT_EQ(SamePadTotal(5, 1, 3), 0);   // never negative
  EXPECT_EQ(SamePadTotal(11, 5, 3), 3);  // dilated 3x3 (eff 5), out 4: 9 + 5 - 11
  EXPECT_EQ(SamePadTotal(kUnknownDim, 3, 1), kUnknownDim);
}

TEST(NnShapeUtilTest, ConvOutputDim) {
  EXPECT_EQ(ConvOutputDim(224, 7, 1, 2, 3, 3), 112);
  EXPECT_EQ(ConvOutputDim(13, 3, 2, 1, 2, 2), 13);
  EXPECT_EQ(ConvOutputDim(10, 4, 1, 3, 0, 1), 3);  // (10+1-4)/3+1
  EXPECT_EQ(ConvOutputDim(2, 5, 1, 1, 0, 0), 0);   // window larger than the input
  EXPECT_EQ(ConvOutputDim(kUnknownDim, 3, 1, 1, 1, 1), kUnknownDim);
}

TEST(NnShapeUtilTest, PoolOutputDimFloorAndCeil) {
  EXPECT_EQ(PoolOutputDim(112, 3, 2, 1, 1, false), 56);
  EXPECT_EQ(PoolOutputDim(3, 2, 2, 0, 0, false), 1);
  EXPECT_EQ(PoolOutputDim(3, 2, 2, 0, 0, true), 2);
  EXPECT_EQ(PoolOutputDim(14, 3, 2, 0, 0, true), 7);  // ceil(11/2)+1
  EXPECT_EQ(PoolOutputDim(14, 3, 2, 0, 0, false), 6);
  // ceil would give 3, but the third window would start at 6 >= 5 + 1 (only padding): dropped.
  EXPECT_EQ(PoolOutputDim(5, 2, 3, 1, 1, true), 2);
  EXPECT_EQ(PoolOutputDim(kUnknownDim, 2, 2, 0, 0, true), kUnknownDim);
}

TEST(NnShapeUtilTest, ResolveConv2dSameAndValid) {
  Conv2dAttrs a;
  a.strides = {2, 3};
  a.pad_mode = PadMode::kSame;
  Window2d w = ResolveConv2d(a, 13, 11, 4, 3);
  // h: out 7, total (6*2 + 4) - 13 = 3 -> top 1, bottom 2; w: out 4, total (3*3 + 3) - 11 = 1 -> 0, 1
  EXPECT_EQ(w.pads[0], 1);
  EXPECT_EQ(w.pads[2], 2);
  EXPECT_EQ(w.pads[1], 0);
  EXPECT_EQ(w.pads[3], 1);
  EXPECT_EQ(w.out[0], 7);
  EXPECT_EQ(w.out[1], 4);
  a.pad_mode = PadMode::kValid;
  a.pads = {5, 5, 5, 5};
  w = ResolveConv2d(a, 13, 11, 4, 3);
  EXPECT_EQ(w.pads[0] + w.pads[1] + w.pads[2] + w.pads[3], 0);
  EXPECT_EQ(w.out[0], 5);
  EXPECT_EQ(w.out[1], 3);
  a.pad_mode = PadMode::kSame;
  w = ResolveConv2d(a, kUnknownDim, 11, 4, 3);
  EXPECT_EQ(w.out[0], kUnknownDim);
  EXPECT_EQ(w.out[1], 4);
}

TEST(NnShapeUtilTest, ResolvePool2dGlobalAdaptiveSame) {
  Pool2dAttrs a;
  a.global = true;
  a.pads = {1, 1, 1, 1};
  Window2d w = ResolvePool2d(a, 7, 9);
  EXPECT_EQ(w.kernel[0], 7);
  EXPECT_EQ(w.kernel[1], 9);
  EXPECT_EQ(w.pads[0], 0);
  EXPECT_EQ(w.out[0], 1);
  a.global = false;
  a.adaptive = true;
  a.kernel = {3, 4};
  w = ResolvePool2d(a, kUnknownDim, 9);
  EXPECT_EQ(w.out[0], 3);
  EXPECT_EQ(w.out[1], 4);
  a.adaptive = false;
  a.kernel = {3, 3};
  a.strides = {2, 2};
  a.pad_mode = PadMode::kSame;
  w = ResolvePool2d(a, 11, 10);
  EXPECT_EQ(w.out[0], 6);
  EXPECT_EQ(w.out[1], 5);
  EXPECT_EQ(w.pads[0], 1);  // total (5*2+3)-11 = 2
  EXPECT_EQ(w.pads[2], 1);
  EXPECT_EQ(w.pads[1], 0);  // total (4*2+3)-10 = 1: left 0, right 1
  EXPECT_EQ(w.pads[3], 1);
}

TEST(NnShapeUtilTest, AdaptiveBins) {
  // 7 -> 3: [0,3), [2,5), [4,7)
  EXPECT_EQ(AdaptiveStart(0, 7, 3), 0);
  EXPECT_EQ(AdaptiveEnd(0, 7, 3), 3);
  EXPECT_EQ(AdaptiveStart(1, 7, 3), 2);
  EXPECT_EQ(AdaptiveEnd(1, 7, 3), 5);
  EXPECT_EQ(AdaptiveStart(2, 7, 3), 4);
  EXPECT_EQ(AdaptiveEnd(2, 7, 3), 7);
}

TEST(NnShapeUtilTest, ResizeOutputSizePriority) {
  ResizeAttrs a;
  a.out_h = 9;
  a.out_w = 8;
  a.scale_h = a.scale_w = 2.0f;
  int64_t size[2] = {5, 6};
  Tensor out_size = MakeTensor<int64_t>(Shape{2}, size);
  float sc[1] = {3.0f};
  Tensor scale = MakeTensor<float>(Shape{1}, sc);
  int64_t oh = 0, ow = 0;
  ASSERT_TRUE(ResizeOutputSize(a, 4, 5, true, &out_size, true, &scale, &oh, &ow));
  EXPECT_EQ(oh, 5);
  EXPECT_EQ(ow, 6);
  ASSERT_TRUE(ResizeOutputSize(a, 4, 5, true, nullptr, false, nullptr, &oh, &ow));  // value not known yet
  EXPECT_EQ(oh, kUnknownDim);
  ASSERT_TRUE(ResizeOutputSize(a, 4, 5, false, nullptr, true, &scale, &oh, &ow));
  EXPECT_EQ(oh, 9);
  EXPECT_EQ(ow, 8);
  a.out_h = a.out_w = -1;
  ASSERT_TRUE(ResizeOutputSize(a, 4, 5, false, nullptr, true, &scale, &oh, &ow));
  EXPECT_EQ(oh, 12);
  EXPECT_EQ(ow, 15);
  ASSERT_TRUE(ResizeOutputSize(a, 4, kUnknownDim, false, nullptr, false, nullptr, &oh, &ow));
  EXPECT_EQ(oh, 8);
  EXPECT_EQ(ow, kUnknownDim);
  a.scale_h = a.scale_w = -1.0f;
  EXPECT_FALSE(ResizeOutputSize(a, 4, 5, false, nullptr, false, nullptr, &oh, &ow));
}

TEST(NnShapeUtilTest, ResizeRatio) {
  EXPECT_FLOAT_EQ(ResizeRatio(true, 5, 9, 2.0f), 0.5f);
  EXPECT_FLOAT_EQ(ResizeRatio(true, 5, 1, -1.0f), 0.0f);
  EXPECT_FLOAT_EQ(ResizeRatio(false, 3, 4, 1.5f), 1.0f / 1.5f);
  EXPECT_FLOAT_EQ(ResizeRatio(false, 3, 4, -1.0f), 0.75f);
}

}  // namespace
}  // namespace oar::ir
