#include <numeric>

#include "reduce_test_util.h"

namespace oar::frontends::paddle {
namespace {

TEST(ReduceMeanConverterTest, ReducesTheLastAxisKeepingDims) {
  testing::ExpectReducesLastAxisKeepingDims("reduce_mean", ir::OpKind::kReduceMean,
                                            [](const std::vector<double>& row) { return std::accumulate(row.begin(), row.end(), 0.0) / static_cast<double>(row.size()); });
}

}  // namespace
}  // namespace oar::frontends::paddle
