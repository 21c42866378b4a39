#include <gtest/gtest.h>

#include "test_util.h"
#include "zoo/networks.h"
#include "zoo_test_util.h"

namespace oar::zoo {
namespace {

using testing::CountKind;
using testing::CountLayers;

TEST(VggAlexNetTest, Vgg16MatchesTorchvision) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("vgg16"));
  EXPECT_EQ(g.NumTrainableParams(), 138357544);
  EXPECT_EQ(g.Macs(), 15470264320);
  EXPECT_EQ(CountLayers(g,
                        [](const ZooLayer& l) {
                          return l.kind == LayerKind::kConv2d && l.kernel == 3 && l.pad == 1 && l.params.size() == 2;
                        }),
            13);
  EXPECT_EQ(CountLayers(g, [](const ZooLayer& l) { return l.kind == LayerKind::kMaxPool && l.kernel == 2; }), 5);
  EXPECT_EQ(CountKind(g, LayerKind::kBatchNorm), 0);
  EXPECT_EQ(CountKind(g, LayerKind::kDropout), 2);
  EXPECT_EQ(CountKind(g, LayerKind::kLinear), 3);
  const ZooLayer* pool = nullptr;
  for (const ZooLayer& l : g.layers) {
    if (l.kind == LayerKind::kAvgPool) pool = &l;
  }
  ASSERT_NE(pool, nullptr);
  EXPECT_EQ(pool->kernel, 7);
  EXPECT_EQ(g.values[pool->inputs[0]].dims, (std::vector<int64_t>{-1, 512, 7, 7}));
}

TEST(VggAlexNetTest, AlexNetMatchesTorchvision) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("alexnet"));
  EXPECT_EQ(g.NumTrainableParams(), 61100840);
  const ZooLayer& conv1 = g.layers[0];
  EXPECT_EQ(conv1.kernel, 11);
  EXPECT_EQ(conv1.stride, 4);
  EXPECT_EQ(conv1.pad, 2);
  EXPECT_EQ(g.values[conv1.outputs[0]].dims, (std::vector<int64_t>{-1, 64, 55, 55}));
  EXPECT_EQ(
      CountLayers(g, [](const ZooLayer& l) { return l.kind == LayerKind::kMaxPool && l.kernel == 3 && l.stride == 2; }),
      3);
  // Dropout comes before each of the two hidden linear layers.
  int dropout_then_linear = 0;
  for (size_t i = 1; i < g.layers.size(); ++i) {
    dropout_then_linear += g.layers[i - 1].kind == LayerKind::kDropout && g.layers[i].kind == LayerKind::kLinear;
  }
  EXPECT_EQ(dropout_then_linear, 2);
  EXPECT_EQ(g.params[g.layers[g.layers.size() - 2].params[0]].dims, (std::vector<int64_t>{4096, 1000}));
}

}  // namespace
}  // namespace oar::zoo
