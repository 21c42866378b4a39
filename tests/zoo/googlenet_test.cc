#include <gtest/gtest.h>

#include "test_util.h"
#include "zoo/networks.h"
#include "zoo_test_util.h"

namespace oar::zoo {
namespace {

using testing::CountKind;
using testing::CountLayers;

TEST(GoogLeNetTest, MatchesTorchvisionWithoutAuxHeads) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("googlenet"));
  EXPECT_EQ(g.NumTrainableParams(), 6624904);  // torchvision googlenet, aux_logits=False
  EXPECT_EQ(CountKind(g, LayerKind::kConv2d), 57);
  EXPECT_EQ(CountKind(g, LayerKind::kConcat), 9);
  EXPECT_EQ(CountLayers(g, [](const ZooLayer& l) { return l.kind == LayerKind::kConv2d && l.kernel == 5; }), 0)
      << "torchvision's '5x5' branch uses 3x3 kernels";
  EXPECT_EQ(CountLayers(g, [](const ZooLayer& l) { return l.kind == LayerKind::kMaxPool && !l.ceil_mode; }), 0);
  EXPECT_EQ(CountLayers(g, [](const ZooLayer& l) { return l.kind == LayerKind::kBatchNorm && l.epsilon != 1e-3f; }), 0);
  EXPECT_EQ(CountLayers(g, [](const ZooLayer& l) { return l.kind == LayerKind::kConv2d && l.params.size() != 1; }), 0)
      << "BasicConv2d convs have no bias";
  EXPECT_EQ(CountKind(g, LayerKind::kLinear), 1);
  const ZooLayer* dropout = nullptr;
  for (const ZooLayer& l : g.layers) {
    if (l.kind == LayerKind::kDropout) dropout = &l;
  }
  ASSERT_NE(dropout, nullptr);
  EXPECT_FLOAT_EQ(dropout->dropout_prob, 0.2f);
}

TEST(GoogLeNetTest, InceptionOutputsHaveTorchvisionChannels) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("googlenet"));
  std::vector<std::vector<int64_t>> concat_dims;
  for (const ZooLayer& l : g.layers) {
    if (l.kind == LayerKind::kConcat) concat_dims.push_back(g.values[l.outputs[0]].dims);
  }
  std::vector<std::vector<int64_t>> expected = {{-1, 256, 28, 28}, {-1, 480, 28, 28}, {-1, 512, 14, 14},
                                                {-1, 512, 14, 14}, {-1, 512, 14, 14}, {-1, 528, 14, 14},
                                                {-1, 832, 14, 14}, {-1, 832, 7, 7},   {-1, 1024, 7, 7}};
  EXPECT_EQ(concat_dims, expected);
}

}  // namespace
}  // namespace oar::zoo
