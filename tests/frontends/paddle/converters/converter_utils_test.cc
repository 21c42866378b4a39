// Helpers of converter_utils.cc used directly (ConvertElementwise is tested through
// elementwise_add_converter_test.cc).
#include "frontends/paddle/converters/converter_utils.h"

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

class ConverterUtilsTest : public ::testing::Test {
 protected:
  ConverterContext MakeContext(const std::vector<std::pair<std::string, ir::ValueId>>& vars, int out_rank = -1) {
    for (const auto& [name, id] : vars) state_.bindings[name] = id;
    op_.set_type("test_op");
    auto* out = op_.add_outputs();
    out->set_parameter("Out");
    out->add_arguments("out");
    if (out_rank >= 0) state_.var_descs["out"] = builder_.Var("out", testing::kFp32, std::vector<int64_t>(out_rank, 2));
    state_.last_writer["out"] = 0;
    return ConverterContext(state_, op_, 0);
  }
  ConversionState state_;
  proto::OpDesc op_;
  testing::ProgramBuilder builder_;
};

TEST_F(ConverterUtilsTest, PaddingOrders) {
  ConverterContext ctx = MakeContext({});
  EXPECT_EQ(*PaddlePadsToIr(ctx, {3, 4}), (std::vector<int64_t>{3, 4, 3, 4}));
  EXPECT_EQ(*PaddlePadsToIr(ctx, {1, 2, 3, 4}), (std::vector<int64_t>{1, 3, 2, 4}));
  auto bad = PaddlePadsToIr(ctx, {1});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("op #0 'test_op' (output 'out')"), std::string::npos);
}

TEST_F(ConverterUtilsTest, TensorHelpers) {
  Tensor i32 = testing::Make<int32_t>(Shape({3}), {4, -5, 6});
  EXPECT_EQ(TensorToInts(i32), (std::vector<int64_t>{4, -5, 6}));
  EXPECT_EQ(TensorToFloats(i32), (std::vector<float>{4.0f, -5.0f, 6.0f}));
  Tensor v = Int64Vector({7, 8});
  EXPECT_EQ(v.dtype(), DType::kInt64);
  EXPECT_EQ(v.shape(), Shape({2}));
  Tensor r = Reshaped(oar::testing::RandomTensor(Shape({6}), 1), Shape({1, 2, 3}));
  EXPECT_EQ(r.shape(), Shape({1, 2, 3}));
  EXPECT_EQ(IntsToString({1, -1}), "[1,-1]");
}

TEST_F(ConverterUtilsTest, JoinScalarListFoldsConstants) {
  ir::ValueId a = state_.graph.AddConstant("a", testing::Make<int32_t>(Shape({1}), {3}));
  ir::ValueId b = state_.graph.AddConstant("b", testing::Make<int64_t>(Shape(), {5}));
  ConverterContext ctx = MakeContext({{"a", a}, {"b", b}});
  std::vector<int64_t> values;
  EXPECT_TRUE(ConstantScalarList(ctx, {a, b}, &values));
  EXPECT_EQ(values, (std::vector<int64_t>{3, 5}));
  OAR_ASSERT_OK_AND_ASSIGN(ir::ValueId joined, JoinScalarList(ctx, {a, b}, "shape"));
  ASSERT_TRUE(state_.graph.value(joined).is_constant());
  EXPECT_EQ(TensorToInts(*state_.graph.value(joined).constant), (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(state_.graph.num_nodes(), 0);
}

TEST_F(ConverterUtilsTest, JoinScalarListMixesRuntimeAndConstants) {
  ir::ValueId n = state_.graph.AddValue("n", DType::kInt32, Shape());  // 0-D
  ir::ValueId c = state_.graph.AddValue("c", DType::kInt64, Shape({1}));
  ir::ValueId k = state_.graph.AddConstant("k", testing::Make<int32_t>(Shape({1}), {9}));
  ConverterContext ctx = MakeContext({{"n", n}, {"c", c}, {"k", k}});
  std::vector<int64_t> values;
  EXPECT_FALSE(ConstantScalarList(ctx, {n, c, k}, &values));
  OAR_ASSERT_OK_AND_ASSIGN(ir::ValueId joined, JoinScalarList(ctx, {n, c, k}, "shape"));
  EXPECT_EQ(testing::KindSequence(state_.graph), "reshape,cast,concat");
  const ir::Node& concat = state_.graph.node(state_.graph.value(joined).producer);
  ASSERT_EQ(concat.inputs.size(), 3u);
  EXPECT_EQ(concat.inputs[1], c);  // already i64 [1]
  EXPECT_TRUE(state_.graph.value(concat.inputs[2]).is_constant());
  EXPECT_EQ(state_.graph.value(joined).dtype, DType::kInt64);

  ir::ValueId wide = state_.graph.AddValue("wide", DType::kInt32, Shape({2}));
  auto bad = JoinScalarList(ctx, {wide}, "s");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("element #0 'wide' of a tensor list must hold one value, got i32[2]"),
            std::string::npos)
      << bad.status().message();
}

TEST_F(ConverterUtilsTest, AxisNormalisationAndRankFix) {
  ConverterContext ctx = MakeContext({}, /*out_rank=*/1);
  EXPECT_EQ(*NormalizeAxisAttr(ctx, -1, 3, "axis"), 2);
  std::vector<int64_t> axes = {-3, 1};
  OAR_ASSERT_OK(NormalizeAxesAttr(ctx, &axes, 3, "axes"));
  EXPECT_EQ(axes, (std::vector<int64_t>{0, 1}));
  EXPECT_FALSE(NormalizeAxisAttr(ctx, 3, 3, "axis").ok());
  ir::ValueId x = state_.graph.AddValue("x", DType::kFloat32, Shape({4}));
  OAR_ASSERT_OK(EmitKeepingVarDescRank(ctx, ir::OpKind::kReduceSum, {x}, ir::ReduceAttrs{{}, false, true}, 0));
  EXPECT_EQ(testing::KindSequence(state_.graph), "reduce_sum,reshape");
  EXPECT_EQ(KnownRank(ctx, x), 1);
}

}  // namespace
}  // namespace oar::frontends::paddle
