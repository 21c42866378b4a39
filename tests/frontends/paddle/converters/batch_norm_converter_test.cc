#include <cmath>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

testing::ProgramBuilder BnProgram(bool fuse_relu, const std::string& layout) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 3, 2, 5});
  b.Weight("scale", oar::testing::RandomTensor(Shape({3}), 1));
  b.Weight("bias", oar::testing::RandomTensor(Shape({3}), 2));
  b.Weight("mean", oar::testing::RandomTensor(Shape({3}), 3));
  b.Weight("var", oar::testing::RandomTensor(Shape({3}), 4, 0.5f, 2.0f));
  b.Var("y", testing::kFp32, {-1, 3, 2, 5});
  b.Var("saved_mean", testing::kFp32, {3});
  b.Var("saved_var", testing::kFp32, {3});
  b.Op("batch_norm")
      .In("X", {"x"})
      .In("Scale", {"scale"})
      .In("Bias", {"bias"})
      .In("Mean", {"mean"})
      .In("Variance", {"var"})
      .Out("Y", {"y"})
      .Out("MeanOut", {"mean"})
      .Out("VarianceOut", {"var"})
      .Out("SavedMean", {"saved_mean"})
      .Out("SavedVariance", {"saved_var"})
      .Float("epsilon", 1e-3f)
      .Float("momentum", 0.9f)
      .Bool("is_test", true)
      .Bool("use_global_stats", false)
      .Bool("fuse_with_relu", fuse_relu)
      .String("data_layout", layout);
  b.Fetch("y");
  return b;
}

TEST(BatchNormConverterTest, InferenceFormWithStoredStatistics) {
  testing::ProgramBuilder b = BnProgram(false, "NCHW");
  ::testing::internal::CaptureStderr();
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "") << "momentum & co. are known training attributes";
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kBatchNorm);
  EXPECT_EQ(n.attr<ir::BatchNormAttrs>().epsilon, 1e-3f);
  ASSERT_EQ(n.inputs.size(), 5u);
  const char* names[] = {"x", "scale", "bias", "mean", "var"};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(g.value(n.inputs[static_cast<size_t>(i)]).name, names[i]);
  EXPECT_EQ(n.outputs.size(), 1u);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 2, 5}), 5);
  const auto& w = b.weights();
  Tensor want(DType::kFloat32, x.shape());
  for (int64_t i = 0; i < x.numel(); ++i) {
    int64_t c = (i / 10) % 3;
    float v = x.data<float>()[i];
    want.data<float>()[i] = (v - w.at("mean").data<float>()[c]) / std::sqrt(w.at("var").data<float>()[c] + 1e-3f) *
                                w.at("scale").data<float>()[c] +
                            w.at("bias").data<float>()[c];
  }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-5);
}

TEST(BatchNormConverterTest, RejectsFusedReluAndChannelsLast) {
  testing::ExpectConvertError(BnProgram(true, "NCHW"), ErrorCode::kUnsupported,
                              {"'batch_norm'", "attribute 'fuse_with_relu' = true"});
  testing::ExpectConvertError(BnProgram(false, "NHWC"), ErrorCode::kUnsupported,
                              {"attribute 'data_layout' = \"NHWC\""});
}

}  // namespace
}  // namespace oar::frontends::paddle
