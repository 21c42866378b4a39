#include <algorithm>

#include "elementwise_test_util.h"

namespace oar::frontends::paddle {
namespace {

TEST(ElementwiseMinConverterTest, BroadcastsLikePaddle) {
  testing::ExpectBinaryBroadcastsLikePaddle("elementwise_min", ir::OpKind::kMin,
                                            [](float a, float b) { return std::min(a, b); });
}

}  // namespace
}  // namespace oar::frontends::paddle
