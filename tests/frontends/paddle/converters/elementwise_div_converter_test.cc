#include "elementwise_test_util.h"

namespace oar::frontends::paddle {
namespace {

TEST(ElementwiseDivConverterTest, BroadcastsLikePaddle) {
  testing::ExpectBinaryBroadcastsLikePaddle("elementwise_div", ir::OpKind::kDiv,
                                            [](float a, float b) { return a / b; }, 0.5f, 2.0f);
}

}  // namespace
}  // namespace oar::frontends::paddle
