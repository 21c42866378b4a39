// The oneDNN pool2d fast path against the reference kernel.
#include <gtest/gtest.h>

#include "kernels/cpu/onednn/onednn_test_util.h"
#include "kernels/pool2d_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using ir::PadMode;
using ir::Pool2dAttrs;
using ir::PoolType;

struct PoolCase {
  const char* name;
  Shape x;
  Pool2dAttrs attrs;
  bool fast = true;
};

class OnednnPool2dCases : public ::testing::TestWithParam<PoolCase> {};

TEST_P(OnednnPool2dCases, MatchesReference) {
  const PoolCase& c = GetParam();
  Tensor x = RandomTensor(c.x, 201, -2.0f, 1.0f);  // mostly negative: padding must not win a max
  EXPECT_TRUE(MatchesReference(OpKind::kPool2d, c.attrs, {&x}, c.fast));
}

constexpr PoolType kMax = PoolType::kMax;
constexpr PoolType kAvg = PoolType::kAvg;

INSTANTIATE_TEST_SUITE_P(
    Shapes, OnednnPool2dCases,
    ::testing::Values(
        PoolCase{"max_k3_s2_p1", Shape{2, 16, 13, 13}, Pool(kMax, {3, 3}, {2, 2}, {1, 1, 1, 1})},
        PoolCase{"max_k2_s2", Shape{1, 8, 8, 10}, Pool(kMax, {2, 2}, {2, 2}, {0, 0, 0, 0})},
        PoolCase{"max_odd_floor", Shape{1, 8, 7, 9}, Pool(kMax, {2, 2}, {2, 2}, {0, 0, 0, 0})},
        PoolCase{"max_ceil", Shape{2, 8, 7, 9}, Pool(kMax, {2, 2}, {2, 2}, {0, 0, 0, 0}, true)},
        PoolCase{"max_ceil_k3_s2_p1", Shape{1, 8, 14, 13}, Pool(kMax, {3, 3}, {2, 2}, {1, 1, 1, 1}, true)},
        PoolCase{"max_asym_pads", Shape{1, 8, 9, 7}, Pool(kMax, {3, 2}, {1, 2}, {0, 1, 2, 0})},
        PoolCase{"max_stride3", Shape{1, 4, 16, 17}, Pool(kMax, {3, 3}, {3, 3}, {1, 1, 1, 1})},
        PoolCase{"avg_exclusive_p1", Shape{2, 16, 13, 13}, Pool(kAvg, {3, 3}, {2, 2}, {1, 1, 1, 1})},
        PoolCase{"avg_inclusive_p1", Shape{2, 16, 13, 13}, Pool(kAvg, {3, 3}, {2, 2}, {1, 1, 1, 1}, false, false)},
        PoolCase{"avg_exclusive_ceil", Shape{1, 8, 7, 9}, Pool(kAvg, {2, 2}, {2, 2}, {0, 0, 0, 0}, true, true)},
        PoolCase{"avg_inclusive_ceil", Shape{1, 8, 7, 9}, Pool(kAvg, {3, 3}, {2, 2}, {1, 1, 1, 1}, true, false)},
        PoolCase{"avg_asym_inclusive", Shape{1, 8, 9, 7}, Pool(kAvg, {2, 3}, {2, 1}, {1, 0, 0, 2}, false, false)},
        PoolCase{"max_same", Shape{1, 8, 13, 12},
                 Pool(kMax, {3, 3}, {2, 2}, {0, 0, 0, 0}, false, true, PadMode::kSame)},
        PoolCase{"avg_same_exclusive", Shape{1, 8, 13, 12},
                 Pool(kAvg, {3, 3}, {2, 2}, {0, 0, 0, 0}, false, true, PadMode::kSame)},
        PoolCase{"avg_valid", Shape{1, 8, 13, 12},
                 Pool(kAvg, {3, 3}, {2, 2}, {1, 1, 1, 1}, false, true, PadMode::kValid)},
        PoolCase{"avg_same_without_pads_attr", Shape{2, 4, 11, 10},
                 Pool(kAvg, {2, 2}, {2, 2}, {}, false, false, PadMode::kSame)},
        // The first window lies wholly in the top/left padding: left to the reference kernel.
        PoolCase{"max_pad_as_large_as_kernel", Shape{1, 4, 9, 9}, Pool(kMax, {2, 2}, {2, 2}, {2, 2, 2, 2}), false},
        PoolCase{"global_max", Shape{2, 32, 7, 9}, GlobalPool(kMax)},
        PoolCase{"global_avg", Shape{2, 32, 7, 9}, GlobalPool(kAvg)},
        PoolCase{"global_avg_1x1", Shape{3, 8, 1, 1}, GlobalPool(kAvg)},
        PoolCase{"adaptive_avg_divisible", Shape{1, 8, 12, 8}, AdaptivePool(kAvg, 3, 2)},
        PoolCase{"adaptive_max_divisible", Shape{2, 8, 14, 14}, AdaptivePool(kMax, 7, 7)},
        PoolCase{"adaptive_avg_1x1", Shape{1, 8, 13, 11}, AdaptivePool(kAvg, 1, 1)},
        PoolCase{"adaptive_avg_not_divisible", Shape{1, 8, 13, 13}, AdaptivePool(kAvg, 3, 3), false},
        PoolCase{"adaptive_max_not_divisible", Shape{1, 8, 10, 12}, AdaptivePool(kMax, 4, 5), false}),
    [](const ::testing::TestParamInfo<PoolCase>& info) { return std::string(info.param.name); });

TEST(OnednnPool2d, RunTwiceAndShapeChange) {
  Pool2dAttrs a = Pool(kAvg, {3, 3}, {2, 2}, {1, 1, 1, 1}, true, true);
  KernelRunner runner(OpKind::kPool2d, a, 1, "onednn");
  Tensor x1 = RandomTensor(Shape{1, 8, 13, 13}, 211);
  Tensor x2 = RandomTensor(Shape{2, 8, 10, 7}, 212);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor first, runner.Run({&x1}));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor again, runner.Run({&x1}));
  EXPECT_TRUE(TensorsNear(again, first, 0.0, 0.0));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor other, runner.Run({&x2}));
  EXPECT_EQ(runner.prepare_count(), 2);
  EXPECT_FALSE(runner.onednn()->delegated()) << runner.onednn()->delegate_reason();
  OAR_ASSERT_OK_AND_ASSIGN(auto ref, runtime::RunOp(OpKind::kPool2d, a, {&x2}, 1, "ref"));
  ASSERT_EQ(other.shape(), ref[0].shape());
  EXPECT_LT(MaxRelativeError(other, ref[0]), 1e-5);
}

TEST(OnednnPool2d, AdaptiveDelegationFollowsShapes) {
  // The same kernel runs oneDNN for a divisible input and the reference for another.
  KernelRunner runner(OpKind::kPool2d, AdaptivePool(kAvg, 3, 3), 1, "onednn");
  Tensor divisible = RandomTensor(Shape{1, 4, 9, 12}, 221);
  Tensor awkward = RandomTensor(Shape{1, 4, 10, 11}, 222);
  OAR_ASSERT_OK(runner.Run({&divisible}).status());
  EXPECT_FALSE(runner.onednn()->delegated());
  OAR_ASSERT_OK_AND_ASSIGN(Tensor got, runner.Run({&awkward}));
  EXPECT_TRUE(runner.onednn()->delegated());
  EXPECT_NE(runner.onednn()->delegate_reason().find("not a multiple"), std::string::npos);
  OAR_ASSERT_OK_AND_ASSIGN(auto ref, runtime::RunOp(OpKind::kPool2d, AdaptivePool(kAvg, 3, 3), {&awkward}, 1, "ref"));
  EXPECT_TRUE(TensorsNear(got, ref[0], 0.0, 0.0));
}

TEST(OnednnPool2d, TwoThreadsMatchOne) {
  Tensor x = RandomTensor(Shape{2, 64, 29, 31}, 231);
  EXPECT_TRUE(MatchesReference(OpKind::kPool2d, Pool(kMax, {3, 3}, {2, 2}, {1, 1, 1, 1}, true), {&x}, true, 1e-5, 2));
}

}  // namespace
}  // namespace oar::testing
