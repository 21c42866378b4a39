#include <algorithm>

#include "reduce_test_util.h"

namespace oar::frontends::paddle {
namespace {

TEST(ReduceMaxConverterTest, ReducesTheLastAxisKeepingDims) {
  testing::ExpectReducesLastAxisKeepingDims("reduce_max", ir::OpKind::kReduceMax,
                                            [](const std::vector<double>& row) { return *std::max_element(row.begin(), row.end()); });
}

}  // namespace
}  // namespace oar::frontends::paddle
