#include <gtest/gtest.h>

#include "test_util.h"
#include "zoo/networks.h"
#include "zoo_test_util.h"

namespace oar::zoo {
namespace {

TEST(SeResNeXtTest, MatchesTheReferenceParamCount) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("se_resnext50_32x4d"));
  EXPECT_EQ(g.NumTrainableParams(), 27559896);  // SE-ResNeXt-50 (32x4d), as in pretrainedmodels
  EXPECT_EQ(testing::CountKind(g, LayerKind::kSigmoid), 16);
  EXPECT_EQ(testing::CountKind(g, LayerKind::kMul), 16);
  EXPECT_EQ(testing::CountKind(g, LayerKind::kAdd), 16);
}

TEST(SeResNeXtTest, ExcitationScalesTheBranchBeforeTheAdd) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("se_resnext50_32x4d"));
  int checked = 0;
  for (size_t i = 0; i < g.layers.size(); ++i) {
    const ZooLayer& mul = g.layers[i];
    if (mul.kind != LayerKind::kMul) continue;
    // mul(x, sigmoid(conv(relu(conv(avgpool(x)))))), x = the branch's last batch norm.
    const std::vector<int64_t>& x = g.values[mul.inputs[0]].dims;
    const std::vector<int64_t>& s = g.values[mul.inputs[1]].dims;
    EXPECT_EQ(s, (std::vector<int64_t>{-1, x[1], 1, 1}));
    ASSERT_GE(i, 5u);
    EXPECT_EQ(g.layers[i - 1].kind, LayerKind::kSigmoid);
    EXPECT_EQ(g.layers[i - 4].kind, LayerKind::kConv2d);
    EXPECT_EQ(testing::ConvOut(g, g.layers[i - 4]), x[1] / 16);  // reduction 16
    EXPECT_EQ(g.layers[i - 5].kind, LayerKind::kAvgPool);
    EXPECT_EQ(g.layers[i - 6].kind, LayerKind::kBatchNorm);
    // The product feeds the residual add (possibly after the shortcut's conv + BN).
    int consumer_add = 0;
    for (const ZooLayer& l : g.layers) {
      consumer_add += l.kind == LayerKind::kAdd && l.inputs[0] == mul.outputs[0];
    }
    EXPECT_EQ(consumer_add, 1);
    ++checked;
  }
  EXPECT_EQ(checked, 16);
}

}  // namespace
}  // namespace oar::zoo
