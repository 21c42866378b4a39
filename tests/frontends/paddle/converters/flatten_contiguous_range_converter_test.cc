#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(FlattenContiguousRangeConverterTest, StartStopAndDefaults) {
  ir::Graph g =
      testing::ConvertOrDie(testing::UnaryProgram("flatten_contiguous_range", {2, 3, 4, 5}, [](testing::OpBuilder& op) {
        op.Int("start_axis", 1).Int("stop_axis", -2);
      }));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kFlatten).attr<ir::FlattenAttrs>();
  EXPECT_EQ(a.start_axis, 1);
  EXPECT_EQ(a.stop_axis, -2);
  testing::ExpectInferred(g, "y", DType::kFloat32, Shape({2, 12, 5}));
  ir::Graph d =
      testing::ConvertOrDie(testing::UnaryProgram("flatten_contiguous_range", {2, 3}, [](testing::OpBuilder&) {}));
  const auto& da = testing::OnlyNode(d, ir::OpKind::kFlatten).attr<ir::FlattenAttrs>();
  EXPECT_EQ(da.start_axis, 1);
  EXPECT_EQ(da.stop_axis, 1);
}

}  // namespace
}  // namespace oar::frontends::paddle
