// Broadcast plans: dims collapse as documented and the row walk visits the right offsets.
#include "kernels/cpu/broadcast.h"

#include <vector>

#include "test_util.h"

namespace oar::kernels::cpu {
namespace {

TEST(BroadcastPlanTest, SameShapesCollapseToOneDim) {
  BroadcastPlan p;
  OAR_ASSERT_OK(MakeBroadcastPlan(Shape{2, 3, 4}, Shape{2, 3, 4}, Shape{2, 3, 4}, &p));
  EXPECT_EQ(p.dims, std::vector<int64_t>{24});
  EXPECT_EQ(p.stride_a, std::vector<int64_t>{1});
  EXPECT_EQ(p.stride_b, std::vector<int64_t>{1});
  EXPECT_EQ(p.total, 24);
}

TEST(BroadcastPlanTest, PerChannelAndScalar) {
  BroadcastPlan p;
  OAR_ASSERT_OK(MakeBroadcastPlan(Shape{2, 5, 3, 7}, Shape{5, 1, 1}, Shape{2, 5, 3, 7}, &p));
  EXPECT_EQ(p.dims, (std::vector<int64_t>{2, 5, 21}));
  EXPECT_EQ(p.stride_a, (std::vector<int64_t>{105, 21, 1}));
  EXPECT_EQ(p.stride_b, (std::vector<int64_t>{0, 1, 0}));
  OAR_ASSERT_OK(MakeBroadcastPlan(Shape{}, Shape{4, 1, 6}, Shape{4, 1, 6}, &p));
  EXPECT_EQ(p.dims, std::vector<int64_t>{24});
  EXPECT_EQ(p.stride_a, std::vector<int64_t>{0});
  EXPECT_EQ(p.stride_b, std::vector<int64_t>{1});
  OAR_ASSERT_OK(MakeBroadcastPlan(Shape{}, Shape{}, Shape{}, &p));
  EXPECT_EQ(p.dims, std::vector<int64_t>{1});
  EXPECT_EQ(p.total, 1);
}

TEST(BroadcastPlanTest, RowsCoverEveryElementOnce) {
  BroadcastPlan p;
  const Shape a{3, 1, 5}, b{4, 1}, out{3, 4, 5};
  OAR_ASSERT_OK(MakeBroadcastPlan(a, b, out, &p));
  EXPECT_EQ(p.dims, (std::vector<int64_t>{3, 4, 5}));
  std::vector<int> seen(60, 0);
  // Start mid-row and stop mid-row, as a thread's chunk does.
  ForEachRow(p, 7, 53, [&](int64_t o, int64_t oa, int64_t ob, int64_t n) {
    for (int64_t j = 0; j < n; ++j) {
      const int64_t flat = o + j, i0 = flat / 20, i1 = flat / 5 % 4, i2 = flat % 5;
      EXPECT_EQ(oa + j * p.stride_a.back(), i0 * 5 + i2);
      EXPECT_EQ(ob + j * p.stride_b.back(), i1);
      ++seen[static_cast<size_t>(flat)];
    }
  });
  for (int i = 0; i < 60; ++i) EXPECT_EQ(seen[static_cast<size_t>(i)], i >= 7 && i < 53 ? 1 : 0) << i;
}

TEST(BroadcastPlanTest, IncompatibleShapesAreRejected) {
  BroadcastPlan p;
  Status s = MakeBroadcastPlan(Shape{2, 3}, Shape{4}, Shape{2, 3}, &p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("do not broadcast to [2,3]"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace oar::kernels::cpu
