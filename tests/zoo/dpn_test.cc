#include <gtest/gtest.h>

#include "test_util.h"
#include "zoo/networks.h"
#include "zoo_test_util.h"

namespace oar::zoo {
namespace {

using testing::CountKind;

TEST(DpnTest, Dpn68MatchesTheReferenceNetwork) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("dpn68"));
  EXPECT_EQ(g.NumTrainableParams(), 12611602);  // DPN-68 as in the authors' / pretrainedmodels' release
  // 22 dual path blocks: one residual add each; a split of the 1x1c output each, plus a split
  // of the projection in the first block of each of the 4 stages.
  EXPECT_EQ(CountKind(g, LayerKind::kAdd), 22);
  EXPECT_EQ(CountKind(g, LayerKind::kSplit), 26);
  int grouped = 0;
  for (const ZooLayer& l : g.layers) {
    if (l.kind == LayerKind::kConv2d && l.groups > 1) {
      ++grouped;
      EXPECT_EQ(l.groups, 32);
    }
  }
  EXPECT_EQ(grouped, 22);
  const ZooLayer& stem = g.layers[0];
  EXPECT_EQ(stem.kernel, 3);
  EXPECT_EQ(stem.stride, 2);
  EXPECT_EQ(testing::ConvOut(g, stem), 10);
}

TEST(DpnTest, DensePathGrowsByIncPerBlock) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("dpn68"));
  // The last concat before the head joins res (512) and dense (64 * (3 + 2) = 320).
  const ZooLayer* head_concat = nullptr;
  for (const ZooLayer& l : g.layers) {
    if (l.kind == LayerKind::kConcat) head_concat = &l;
  }
  ASSERT_NE(head_concat, nullptr);
  EXPECT_EQ(g.values[head_concat->inputs[0]].dims, (std::vector<int64_t>{-1, 512, 7, 7}));
  EXPECT_EQ(g.values[head_concat->inputs[1]].dims, (std::vector<int64_t>{-1, 320, 7, 7}));
  // The projection convs (1x1 to bw + 2*inc = 96, 192, 320, 640) read each stage's input:
  // the stem (10), then res + dense at the end of stages 1-3: 64+80, 128+192, 256+448.
  std::vector<int64_t> stage_inputs;
  for (const ZooLayer& l : g.layers) {
    int64_t out = l.kind == LayerKind::kConv2d ? testing::ConvOut(g, l) : 0;
    if (l.kernel == 1 && (out == 96 || out == 192 || out == 320 || out == 640)) {
      stage_inputs.push_back(g.values[l.inputs[0]].dims[1]);
    }
  }
  EXPECT_EQ(stage_inputs, (std::vector<int64_t>{10, 144, 320, 704}));
}

}  // namespace
}  // namespace oar::zoo
