#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(CastConverterTest, PaddleCodesToDTypes) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram(
      "cast", {2, 3}, [](testing::OpBuilder& op) { op.Int("in_dtype", 5).Int("out_dtype", 2); }, testing::kInt32));
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kCast).attr<ir::CastAttrs>().to, DType::kInt32);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = testing::Make<float>(Shape({2, 3}), {1.0f, -2.0f, 3.7f, 0.2f, 320.0f, -0.9f});
  testing::ExpectGraphOutputs(g, {x}, {testing::Make<int32_t>(Shape({2, 3}), {1, -2, 3, 0, 320, 0})});
}

TEST(CastConverterTest, UnknownCodesAreUnsupported) {
  testing::ExpectConvertError(
      testing::UnaryProgram("cast", {2}, [](testing::OpBuilder& op) { op.Int("in_dtype", 5).Int("out_dtype", 23); }),
      ErrorCode::kUnsupported, {"attribute 'out_dtype' = 23 (COMPLEX64)"});
  testing::ExpectConvertError(testing::UnaryProgram("cast", {2}, [](testing::OpBuilder&) {}), ErrorCode::kInvalidGraph,
                              {"required attribute 'out_dtype' is missing"});
}

}  // namespace
}  // namespace oar::frontends::paddle
