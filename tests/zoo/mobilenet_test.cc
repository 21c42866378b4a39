#include <gtest/gtest.h>

#include "test_util.h"
#include "zoo/networks.h"
#include "zoo_test_util.h"

namespace oar::zoo {
namespace {

TEST(MobileNetTest, V1HasThirteenDepthwiseSeparableBlocks) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("mobilenet_v1"));
  EXPECT_EQ(g.NumTrainableParams(), 4231976);
  EXPECT_EQ(g.Macs(), 568740352);
  EXPECT_EQ(testing::CountKind(g, LayerKind::kConv2d), 27);
  int depthwise = 0, stride2 = 0;
  for (const ZooLayer& l : g.layers) {
    if (l.kind != LayerKind::kConv2d || l.groups == 1) continue;
    ++depthwise;
    EXPECT_EQ(l.groups, g.values[l.inputs[0]].dims[1]);
    EXPECT_EQ(testing::ConvOut(g, l), l.groups);
    EXPECT_EQ(l.kernel, 3);
    stride2 += l.stride == 2;
  }
  EXPECT_EQ(depthwise, 13);
  EXPECT_EQ(stride2, 4);
  const ZooLayer* pool = nullptr;
  for (const ZooLayer& l : g.layers) {
    if (l.kind == LayerKind::kAvgPool) pool = &l;
  }
  ASSERT_NE(pool, nullptr);
  EXPECT_EQ(g.values[pool->inputs[0]].dims, (std::vector<int64_t>{-1, 1024, 7, 7}));
}

}  // namespace
}  // namespace oar::zoo
