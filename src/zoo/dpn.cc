// DPN-68 (Chen et al., "Dual Path Networks", NIPS 2017, Table 1), with the layer layout of
// PaddleClas' DPN68 (ppcls/arch/backbone/model_zoo/dpn.py; the same network as the authors'
// MXNet release and Cadene's pretrainedmodels dpn68):
//   stem: 3x3/2 conv to 10 channels + BN + ReLU, 3x3/2 max pool (pad 1);
//   4 stages, k_sec = (3, 4, 12, 3) dual path blocks, inc_sec = (16, 32, 32, 64),
//   bw = (64, 128, 256, 512), bottleneck width R = k_r * bw / 64 with k_r = 128, groups G = 32;
//   every conv is pre-activated (BN + ReLU + conv, no bias).
// A dual path block takes the pair (res, dense), concatenated to one input (the first block
// takes the stem output as is):
//   proj/down (first block of a stage; stride 1 in stage 1, 2 after): 1x1/stride BN-ReLU-conv
//     to bw + 2*inc channels, split into (o1 = bw, o2 = 2*inc); normal blocks: o1 = res, o2 = dense.
//   1x1 to R -> 3x3/stride, groups G, to R -> 1x1 to bw + inc, split into (c1 = bw, c2 = inc);
//   res' = o1 + c1, dense' = concat(o2, c2).
// Head: concat(res, dense) (832 channels) -> BN + ReLU -> global avg pool -> flatten -> linear.
#include <utility>

#include "zoo/networks.h"

namespace oar::zoo {
namespace {

constexpr int kKr = 128;
constexpr int kGroups = 32;
constexpr int kInitFeatures = 10;
constexpr double kClassifierScale = 2.9;
// Gain of the last conv of each block: its output is added to the residual path (and feeds
// the dense path) without a batch norm after it, so a small gain keeps the sum O(1).
constexpr double kBranchGain = 0.3;

int BnReluConv(ZooBuilder& b, int x, int64_t out_channels, int kernel, int stride = 1, int pad = 0, int groups = 1,
               double gain = 1.0) {
  int y = b.Relu(b.BatchNorm(x));
  return b.Conv(y, out_channels, kernel, stride, pad, groups, {false, gain});
}

struct DualPath {
  int res = -1;
  int dense = -1;  // -1: the block input is a single tensor (`res`)
};

DualPath DualPathBlock(ZooBuilder& b, DualPath in, int64_t bw, int64_t inc, int stride, bool project) {
  int data_in = in.dense < 0 ? in.res : b.Concat({in.res, in.dense});
  int o1 = in.res;
  int o2 = in.dense;
  if (project) {
    std::vector<int> w = b.Split(BnReluConv(b, data_in, bw + 2 * inc, 1, stride), {bw, 2 * inc});
    o1 = w[0];
    o2 = w[1];
  }
  int64_t r = kKr * bw / 64;
  int c = BnReluConv(b, data_in, r, 1);
  c = BnReluConv(b, c, r, 3, stride, 1, kGroups);
  c = BnReluConv(b, c, bw + inc, 1, 1, 0, 1, kBranchGain);
  std::vector<int> cs = b.Split(c, {bw, inc});
  return {b.Add(o1, cs[0]), b.Concat({o2, cs[1]})};
}

}  // namespace

int BuildDpn68(ZooBuilder& b, int num_classes) {
  const int k_sec[4] = {3, 4, 12, 3};
  const int64_t inc_sec[4] = {16, 32, 32, 64};
  int x = b.ConvBnRelu(b.input(), kInitFeatures, 3, 2, 1);
  DualPath state{b.MaxPool(x, 3, 2, 1), -1};
  for (int stage = 0; stage < 4; ++stage) {
    int64_t bw = int64_t{64} << stage;
    for (int i = 0; i < k_sec[stage]; ++i) {
      int stride = (i == 0 && stage > 0) ? 2 : 1;
      state = DualPathBlock(b, state, bw, inc_sec[stage], stride, i == 0);
    }
  }
  x = b.Relu(b.BatchNorm(b.Concat({state.res, state.dense})));
  x = b.Flatten(b.AdaptiveAvgPool(x, 1));
  return b.Softmax(b.Linear(x, num_classes, kClassifierScale));
}

}  // namespace oar::zoo
