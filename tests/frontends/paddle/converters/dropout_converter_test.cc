#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(DropoutConverterTest, UpscaleInTrainIsIdentity) {
  ir::Graph g = testing::ConvertOrDie(testing::UnaryProgram("dropout", {3, 4}, [](testing::OpBuilder& op) {
    op.String("dropout_implementation", "upscale_in_train").Float("dropout_prob", 0.1f).Bool("is_test", true);
  }));
  EXPECT_EQ(testing::KindSequence(g), "identity");
}

TEST(DropoutConverterTest, DowngradeInInferScalesByKeepProbability) {
  // downgrade_in_infer is Paddle's default when the attribute is absent.
  ir::Graph g = testing::ConvertOrDie(
      testing::UnaryProgram("dropout", {3, 4}, [](testing::OpBuilder& op) { op.Float("dropout_prob", 0.25f); }));
  const auto& a = testing::OnlyNode(g, ir::OpKind::kScale).attr<ir::ScaleAttrs>();
  EXPECT_EQ(a.scale, 0.75f);
  EXPECT_EQ(a.bias, 0.0f);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({3, 4}), 1);
  testing::ExpectGraphOutputs(g, {x}, {testing::MapFloats(x, [](float v) { return 0.75f * v; })});
}

TEST(DropoutConverterTest, OtherImplementationsAreUnsupported) {
  testing::ExpectConvertError(
      testing::UnaryProgram("dropout", {3},
                            [](testing::OpBuilder& op) { op.String("dropout_implementation", "bernoulli"); }),
      ErrorCode::kUnsupported, {"'dropout_implementation' = \"bernoulli\""});
}

}  // namespace
}  // namespace oar::frontends::paddle
