#include <gtest/gtest.h>

#include "test_util.h"
#include "zoo/networks.h"
#include "zoo_test_util.h"

namespace oar::zoo {
namespace {

using testing::CountKind;
using testing::CountLayers;

TEST(ResNetTest, ResNet50MatchesTorchvision) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("resnet50"));
  EXPECT_EQ(g.NumTrainableParams(), 25557032);  // torchvision resnet50
  EXPECT_EQ(g.Macs(), 4089184256);
  EXPECT_EQ(CountKind(g, LayerKind::kConv2d), 53);
  EXPECT_EQ(CountKind(g, LayerKind::kBatchNorm), 53);
  EXPECT_EQ(CountKind(g, LayerKind::kAdd), 16);
  // v1.5: the stride sits in the 3x3 conv; the only strided 1x1 convs are the 3 downsamples.
  EXPECT_EQ(
      CountLayers(g, [](const ZooLayer& l) { return l.kind == LayerKind::kConv2d && l.kernel == 3 && l.stride == 2; }),
      3);
  EXPECT_EQ(
      CountLayers(g, [](const ZooLayer& l) { return l.kind == LayerKind::kConv2d && l.kernel == 1 && l.stride == 2; }),
      3);
  const ZooLayer& stem = g.layers[0];
  EXPECT_EQ(stem.kernel, 7);
  EXPECT_EQ(stem.stride, 2);
  EXPECT_EQ(stem.pad, 3);
  const ZooLayer& pool = g.layers[3];
  ASSERT_EQ(pool.kind, LayerKind::kMaxPool);
  EXPECT_EQ(g.values[pool.outputs[0]].dims, (std::vector<int64_t>{-1, 64, 56, 56}));
  EXPECT_EQ(g.values[g.output].dims, (std::vector<int64_t>{-1, 1000}));
}

TEST(ResNetTest, ResidualBranchesEndInASmallGamma) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("resnet50"));
  int small = 0;
  for (const ZooParam& p : g.params) small += p.name.find(".w_0") != std::string::npos && p.a == kResidualBranchGamma;
  EXPECT_EQ(small, 16);
}

TEST(ResNetTest, ResNeXt50UsesGroupedBottlenecks) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("resnext50_32x4d"));
  EXPECT_EQ(g.NumTrainableParams(), 25028904);  // torchvision resnext50_32x4d
  std::vector<int64_t> widths;
  for (const ZooLayer& l : g.layers) {
    if (l.kind == LayerKind::kConv2d && l.groups == 32) widths.push_back(testing::ConvOut(g, l));
  }
  ASSERT_EQ(widths.size(), 16u);
  EXPECT_EQ(widths.front(), 128);
  EXPECT_EQ(widths.back(), 1024);
}

TEST(ResNetTest, ClassCountSetsTheHead) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("resnet50", 37));
  EXPECT_EQ(g.values[g.output].dims, (std::vector<int64_t>{-1, 37}));
  EXPECT_EQ(g.params.back().dims, (std::vector<int64_t>{37}));
}

}  // namespace
}  // namespace oar::zoo
