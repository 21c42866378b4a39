#include "elementwise_test_util.h"

namespace oar::frontends::paddle {
namespace {

TEST(ElementwiseMulConverterTest, BroadcastsLikePaddle) {
  testing::ExpectBinaryBroadcastsLikePaddle("elementwise_mul", ir::OpKind::kMul,
                                            [](float a, float b) { return a * b; });
}

}  // namespace
}  // namespace oar::frontends::paddle
