#include <cmath>

#include "elementwise_test_util.h"

namespace oar::frontends::paddle {
namespace {

TEST(ElementwisePowConverterTest, BroadcastsLikePaddle) {
  testing::ExpectBinaryBroadcastsLikePaddle("elementwise_pow", ir::OpKind::kPow,
                                            [](float a, float b) { return std::pow(a, b); }, 0.5f, 2.0f);
}

}  // namespace
}  // namespace oar::frontends::paddle
