#include "elementwise_test_util.h"

namespace oar::frontends::paddle {
namespace {

TEST(ElementwiseSubConverterTest, BroadcastsLikePaddle) {
  testing::ExpectBinaryBroadcastsLikePaddle("elementwise_sub", ir::OpKind::kSub,
                                            [](float a, float b) { return a - b; });
}

}  // namespace
}  // namespace oar::frontends::paddle
