#include <numeric>

#include "reduce_test_util.h"

namespace oar::frontends::paddle {
namespace {

TEST(ReduceSumConverterTest, ReducesTheLastAxisKeepingDims) {
  testing::ExpectReducesLastAxisKeepingDims("reduce_sum", ir::OpKind::kReduceSum,
                                            [](const std::vector<double>& row) { return std::accumulate(row.begin(), row.end(), 0.0); });
}

}  // namespace
}  // namespace oar::frontends::paddle
