#include "frontends/paddle/program_converter.h"

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

using testing::ProgramBuilder;

TEST(ProgramConverterTest, InputsOutputsFollowColNotOpOrder) {
  ProgramBuilder b;
  b.Feed("b", {-1, 2}, 1);
  b.Feed("a", {-1, 2}, 0);
  b.Var("s", testing::kFp32, {-1, 2});
  b.Var("r", testing::kFp32, {-1, 2});
  b.Op("elementwise_add").In("X", {"a"}).In("Y", {"b"}).Out("Out", {"s"});
  b.Op("relu").In("X", {"s"}).Out("Out", {"r"});
  b.Fetch("s", 1);
  b.Fetch("r", 0);
  ir::Graph g = testing::ConvertOrDie(b);
  ASSERT_EQ(g.inputs().size(), 2u);
  EXPECT_EQ(g.value(g.inputs()[0]).name, "a");
  EXPECT_EQ(g.value(g.inputs()[1]).name, "b");
  EXPECT_EQ(g.value(g.inputs()[0]).shape, Shape({-1, 2}));
  ASSERT_EQ(g.outputs().size(), 2u);
  EXPECT_EQ(g.value(g.outputs()[0]).name, "r");
  EXPECT_EQ(g.value(g.outputs()[1]).name, "s");
  EXPECT_EQ(testing::KindSequence(g), "add,relu");
}

TEST(ProgramConverterTest, DeadOpsAndUnusedWeightsAreDropped) {
  ProgramBuilder b;
  b.Feed("x", {-1, 4});
  b.Weight("used", oar::testing::RandomTensor(Shape({4}), 1));
  b.Weight("unused", oar::testing::RandomTensor(Shape({4}), 2));
  b.Var("y", testing::kFp32, {-1, 4});
  b.Var("dead", testing::kFp32, {-1, 4});
  b.Var("dead2", testing::kFp32, {-1, 4});
  b.Op("elementwise_mul").In("X", {"x"}).In("Y", {"used"}).Out("Out", {"y"});
  b.Op("sigmoid").In("X", {"x"}).Out("Out", {"dead"});
  b.Op("no_such_op").In("X", {"dead"}).Out("Out", {"dead2"});  // dead, so never reported
  b.Fetch("y");
  std::vector<bool> live = FindLiveOps(b.program().blocks(0));
  EXPECT_EQ(live, (std::vector<bool>{false, true, false, false, false}));
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "mul");
  EXPECT_NE(g.FindValue("used"), ir::kNoValue);
  EXPECT_EQ(g.FindValue("unused"), ir::kNoValue);
}

TEST(ProgramConverterTest, UnconvertibleOpsAreListedOnceWithCounts) {
  ProgramBuilder b;
  b.Feed("x", {-1, 4});
  b.Var("a", testing::kFp32, {-1, 4});
  b.Var("c", testing::kFp32, {-1, 4});
  b.Var("d", testing::kFp32, {-1, 4});
  b.Var("e", testing::kFp32, {-1, 4});
  b.Op("zz_op").In("X", {"x"}).Out("Out", {"a"});
  b.Op("relu").In("X", {"a"}).Out("Out", {"c"});
  b.Op("while").In("X", {"c"}).Out("Out", {"d"}).Block("sub_block", 0);
  b.Op("zz_op").In("X", {"d"}).Out("Out", {"e"});
  b.Fetch("e");
  testing::ExpectConvertError(b, ErrorCode::kUnsupported,
                              {"2 op type(s) are not supported: while (x1, has a sub-block), zz_op (x2)"});
}

TEST(ProgramConverterTest, SubBlockMakesEvenAKnownOpUnsupported) {
  ProgramBuilder b;
  b.Feed("x", {-1, 4});
  b.Var("y", testing::kFp32, {-1, 4});
  b.Op("relu").In("X", {"x"}).Out("Out", {"y"}).Block("sub_block", 0);
  b.Fetch("y");
  testing::ExpectConvertError(b, ErrorCode::kUnsupported, {"relu (x1, has a sub-block)"});
}

TEST(ProgramConverterTest, ReusedVariableNamesBecomeSsaValues) {
  // x -> relu -> t ; t -> sigmoid -> t (in place) ; fetch t.
  ProgramBuilder b;
  b.Feed("x", {-1, 3});
  b.Var("t", testing::kFp32, {-1, 3});
  b.Var("u", testing::kFp32, {-1, 3});
  b.Op("relu").In("X", {"x"}).Out("Out", {"t"});
  b.Op("tanh").In("X", {"t"}).Out("Out", {"u"});
  b.Op("sigmoid").In("X", {"t"}).Out("Out", {"t"});
  b.Op("elementwise_add").In("X", {"t"}).In("Y", {"u"}).Out("Out", {"u"});
  b.Fetch("u");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "relu,tanh,sigmoid,add");
  const ir::Node& relu = testing::OnlyNode(g, ir::OpKind::kRelu);
  const ir::Node& sigmoid = testing::OnlyNode(g, ir::OpKind::kSigmoid);
  const ir::Node& tanh = testing::OnlyNode(g, ir::OpKind::kTanh);
  const ir::Node& add = testing::OnlyNode(g, ir::OpKind::kAdd);
  EXPECT_EQ(g.value(relu.outputs[0]).name, "t_1");  // the last writer keeps the Paddle name
  EXPECT_EQ(g.value(sigmoid.outputs[0]).name, "t");
  EXPECT_EQ(sigmoid.inputs[0], relu.outputs[0]);
  EXPECT_EQ(tanh.inputs[0], relu.outputs[0]);
  EXPECT_EQ(add.inputs[0], sigmoid.outputs[0]);
  EXPECT_EQ(add.inputs[1], tanh.outputs[0]);
  EXPECT_EQ(g.value(g.outputs()[0]).name, "u");
  OAR_ASSERT_OK_AND_ASSIGN(auto order, g.TopologicalOrder());
  EXPECT_EQ(order, g.LiveNodes());

  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3}), 4, -2, 2);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> out, testing::RunGraph(g, {x}));
  Tensor want(DType::kFloat32, Shape({2, 3}));
  for (int i = 0; i < 6; ++i) {
    float r = std::max(x.data<float>()[i], 0.0f);
    want.data<float>()[i] = 1.0f / (1.0f + std::exp(-r)) + std::tanh(r);
  }
  EXPECT_TRUE(oar::testing::TensorsNear(out[0], want, 1e-5, 1e-6));
}

TEST(ProgramConverterTest, ReadingAnUnproducedVariableNamesIt) {
  ProgramBuilder b;
  b.Feed("x", {-1, 3});
  b.Var("y", testing::kFp32, {-1, 3});
  b.Op("elementwise_add").In("X", {"x"}).In("Y", {"ghost"}).Out("Out", {"y"});
  b.Fetch("y");
  testing::ExpectConvertError(b, ErrorCode::kInvalidGraph,
                              {"op #1 'elementwise_add' (output 'y'): input slot 'Y' reads variable 'ghost'"});
}

TEST(ProgramConverterTest, FetchOfUnproducedVariableAndMissingFetches) {
  ProgramBuilder b;
  b.Feed("x", {-1, 3});
  b.Fetch("nothing");
  testing::ExpectConvertError(b, ErrorCode::kInvalidGraph, {"fetch col 0 reads variable 'nothing'"});
  ProgramBuilder none;
  none.Feed("x", {-1, 3});
  testing::ExpectConvertError(none, ErrorCode::kInvalidGraph, {"no fetch ops"});
}

TEST(ProgramConverterTest, FeedWithoutTensorDescIsAnError) {
  ProgramBuilder b;
  b.Op("feed").In("X", {"feed"}).Out("Out", {"undeclared"}).Int("col", 0);
  b.Fetch("undeclared");
  testing::ExpectConvertError(b, ErrorCode::kInvalidGraph, {"feed target 'undeclared' (col 0)"});
}

TEST(ProgramConverterTest, MalformedOpsAndFeedsAreErrorsNotCrashes) {
  ProgramBuilder twice;
  twice.Feed("x", {6});
  twice.Var("p", testing::kFp32, {3});
  twice.Op("split").In("X", {"x"}).Out("Out", {"p", "p"}).Int("num", 2);
  twice.Fetch("p");
  testing::ExpectConvertError(twice, ErrorCode::kInvalidGraph, {"op #1 'split' lists output variable 'p' twice"});
  ProgramBuilder dims;
  dims.Feed("x", {-1, -7});
  dims.Fetch("x");
  testing::ExpectConvertError(dims, ErrorCode::kInvalidGraph, {"feed target 'x' declares an invalid dim -7"});
}

TEST(ProgramConverterTest, ConverterErrorsCarryTheOpLocation) {
  ProgramBuilder b;
  b.Feed("x", {-1, 3, 8, 8});
  b.Var("y", testing::kFp32, {-1, 3, 8, 8});
  b.Op("pool2d").In("X", {"x"}).Out("Out", {"y"}).String("pooling_type", "lp").Ints("ksize", {2, 2});
  b.Fetch("y");
  testing::ExpectConvertError(
      b, ErrorCode::kUnsupported,
      {"paddle frontend: op #1 'pool2d' (output 'y'): attribute 'pooling_type' = \"lp\" is not supported"});
}

TEST(ProgramConverterTest, UnknownAttributesWarnOnce) {
  ProgramBuilder b;
  b.Feed("x", {-1, 3});
  b.Var("y", testing::kFp32, {-1, 3});
  b.Var("z", testing::kFp32, {-1, 3});
  b.Op("tanh").In("X", {"x"}).Out("Out", {"y"}).Float("mystery_knob", 2.0f).Bool("use_mkldnn", false);
  b.Op("tanh").In("X", {"y"}).Out("Out", {"z"}).Float("mystery_knob", 3.0f);
  b.Fetch("z");
  ::testing::internal::CaptureStderr();
  ir::Graph g = testing::ConvertOrDie(b);
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("op #1 'tanh' (output 'y'): attribute 'mystery_knob' is not used"), std::string::npos) << err;
  EXPECT_EQ(err.find("use_mkldnn"), std::string::npos) << err;
  EXPECT_EQ(err.find("op #2"), std::string::npos) << "warned twice: " << err;
}

TEST(ProgramConverterTest, FetchingAFeedOrAWeightDirectly) {
  ProgramBuilder b;
  b.Feed("x", {2});
  b.Weight("w", oar::testing::RandomTensor(Shape({2}), 9));
  b.Fetch("x", 0);
  b.Fetch("w", 1);
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(g.num_nodes(), 0);
  ASSERT_EQ(g.outputs().size(), 2u);
  EXPECT_EQ(g.outputs()[0], g.inputs()[0]);
  EXPECT_TRUE(g.value(g.outputs()[1]).is_constant());
}

}  // namespace
}  // namespace oar::frontends::paddle
