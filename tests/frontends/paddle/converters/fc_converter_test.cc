#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

testing::ProgramBuilder FcProgram(const Tensor& w, const Tensor& bias, const std::string& act, int nc) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 3, 4});
  b.Weight("w", w);
  b.Weight("b", bias);
  b.Var("y", testing::kFp32, nc == 1 ? std::vector<int64_t>{2, 5} : std::vector<int64_t>{2, 3, 5});
  b.Op("fc")
      .In("Input", {"x"})
      .In("W", {"w"})
      .In("Bias", {"b"})
      .Out("Out", {"y"})
      .Int("in_num_col_dims", nc)
      .String("activation_type", act)
      .Bool("padding_weights", false);
  b.Fetch("y");
  return b;
}

TEST(FcConverterTest, FlattenMatMulBiasRelu) {
  Tensor w = oar::testing::RandomTensor(Shape({12, 5}), 1);
  Tensor bias = oar::testing::RandomTensor(Shape({5}), 2);
  ir::Graph g = testing::ConvertOrDie(FcProgram(w, bias, "relu", 1));
  EXPECT_EQ(testing::KindSequence(g), "flatten,matmul,relu");
  const ir::Node& mm = testing::OnlyNode(g, ir::OpKind::kMatMul);
  ASSERT_EQ(mm.inputs.size(), 3u);
  EXPECT_EQ(g.value(mm.inputs[2]).name, "b");
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 4}), 3);
  Tensor want(DType::kFloat32, Shape({2, 5}));
  for (int r = 0; r < 2; ++r)
    for (int j = 0; j < 5; ++j) {
      double s = bias.data<float>()[j];
      for (int q = 0; q < 12; ++q) s += x.data<float>()[r * 12 + q] * w.data<float>()[q * 5 + j];
      want.data<float>()[r * 5 + j] = s > 0 ? static_cast<float>(s) : 0.0f;
    }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-5);
}

TEST(FcConverterTest, KeepsLeadingDimsWithoutActivation) {
  Tensor w = oar::testing::RandomTensor(Shape({4, 5}), 4);
  ir::Graph g = testing::ConvertOrDie(FcProgram(w, oar::testing::RandomTensor(Shape({5}), 5), "", 2));
  EXPECT_EQ(testing::KindSequence(g), "matmul");
  ir::Graph inferred = testing::ConvertOrDie(FcProgram(w, oar::testing::RandomTensor(Shape({5}), 5), "", 2));
  testing::ExpectInferred(inferred, "y", DType::kFloat32, Shape({2, 3, 5}));
}

TEST(FcConverterTest, OtherActivationsAreUnsupported) {
  Tensor w = oar::testing::RandomTensor(Shape({12, 5}), 6);
  testing::ExpectConvertError(FcProgram(w, oar::testing::RandomTensor(Shape({5}), 7), "gelu", 1),
                              ErrorCode::kUnsupported, {"'fc'", "attribute 'activation_type' = \"gelu\""});
}

}  // namespace
}  // namespace oar::frontends::paddle
