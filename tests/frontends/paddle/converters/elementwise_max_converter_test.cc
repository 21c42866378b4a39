#include <algorithm>

#include "elementwise_test_util.h"

namespace oar::frontends::paddle {
namespace {

TEST(ElementwiseMaxConverterTest, BroadcastsLikePaddle) {
  testing::ExpectBinaryBroadcastsLikePaddle("elementwise_max", ir::OpKind::kMax,
                                            [](float a, float b) { return std::max(a, b); });
}

}  // namespace
}  // namespace oar::frontends::paddle
