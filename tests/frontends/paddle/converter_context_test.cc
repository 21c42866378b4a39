#include "frontends/paddle/converter_context.h"

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

using testing::OpBuilder;

class ConverterContextTest : public ::testing::Test {
 protected:
  OpBuilder NewOp(const std::string& type) {
    op_.Clear();
    op_.set_type(type);
    return OpBuilder(&op_);
  }
  proto::OpDesc::Attr* RawAttr(const std::string& name, proto::AttrType type) {
    auto* a = op_.add_attrs();
    a->set_name(name);
    a->set_type(type);
    return a;
  }
  ConversionState state_;
  proto::OpDesc op_;
};

TEST_F(ConverterContextTest, NumbersAreReadFromWhicheverFieldIsPresent) {
  NewOp("t").Out("Out", {"y"});
  RawAttr("f_float", proto::FLOAT)->set_f(1.5f);
  RawAttr("f_double", proto::FLOAT64)->set_float64(2.25);
  auto* s = RawAttr("f_scalar", proto::SCALAR)->mutable_scalar();
  s->set_type(proto::Scalar::FLOAT64);
  s->set_r(-3.5);
  RawAttr("f_declared_float_but_int", proto::FLOAT)->set_i(4);
  RawAttr("i_int", proto::INT)->set_i(-7);
  RawAttr("i_long", proto::LONG)->set_l(1LL << 40);
  auto* si = RawAttr("i_scalar", proto::SCALAR)->mutable_scalar();
  si->set_type(proto::Scalar::LONG);
  si->set_i(12);
  RawAttr("b_bool", proto::BOOLEAN)->set_b(true);
  RawAttr("b_as_int", proto::INT)->set_i(0);
  ConverterContext ctx(state_, op_, 3);
  EXPECT_EQ(*ctx.Float("f_float"), 1.5f);
  EXPECT_EQ(*ctx.Float("f_double"), 2.25f);
  EXPECT_EQ(*ctx.Float("f_scalar"), -3.5f);
  EXPECT_EQ(*ctx.Float("f_declared_float_but_int"), 4.0f);
  EXPECT_EQ(*ctx.Int("i_int"), -7);
  EXPECT_EQ(*ctx.Int("i_long"), 1LL << 40);
  EXPECT_EQ(*ctx.Int("i_scalar"), 12);
  EXPECT_EQ(*ctx.Bool("b_bool"), true);
  EXPECT_EQ(*ctx.Bool("b_as_int"), false);
}

TEST_F(ConverterContextTest, ListsAndStrings) {
  NewOp("t").Out("Out", {"y"}).Ints("ints", {1, -2}).Longs("longs", {1LL << 35}).Floats("floats", {0.5f});
  RawAttr("f64s", proto::FLOAT64S)->add_float64s(0.125);
  RawAttr("empty_ints", proto::INTS);
  RawAttr("empty_floats", proto::FLOATS);
  OpBuilder(&op_).String("s", "bilinear").Strings("ss", {"a", "b"});
  ConverterContext ctx(state_, op_, 0);
  EXPECT_EQ(*ctx.Ints("ints"), (std::vector<int64_t>{1, -2}));
  EXPECT_EQ(*ctx.Ints("longs"), (std::vector<int64_t>{1LL << 35}));
  EXPECT_EQ(*ctx.Floats("floats"), (std::vector<float>{0.5f}));
  EXPECT_EQ(*ctx.Floats("f64s"), (std::vector<float>{0.125f}));
  EXPECT_TRUE(ctx.Ints("empty_ints")->empty());
  EXPECT_TRUE(ctx.Floats("empty_floats")->empty());
  EXPECT_EQ(*ctx.String("s"), "bilinear");
  EXPECT_EQ(*ctx.Strings("ss"), (std::vector<std::string>{"a", "b"}));
}

TEST_F(ConverterContextTest, DefaultsApplyOnlyWhenAbsent) {
  NewOp("t").Out("Out", {"y"}).Int("present", 5);
  ConverterContext ctx(state_, op_, 0);
  EXPECT_EQ(*ctx.Int("present", 9), 5);
  EXPECT_EQ(*ctx.Int("absent", 9), 9);
  EXPECT_EQ(*ctx.Float("absent_f", 0.75f), 0.75f);
  EXPECT_EQ(*ctx.Ints("absent_l", {1, 2}), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(*ctx.String("absent_s", "NCHW"), "NCHW");
  auto missing = ctx.Int("required");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "paddle frontend: op #0 't' (output 'y'): required attribute 'required' is missing");
}

TEST_F(ConverterContextTest, WrongKindsAreErrorsNamingOpAndAttribute) {
  NewOp("conv2d").Out("Output", {"conv_out"}).String("strides", "1,1").Float("groups", 2.5f).Int("flag", 3);
  ConverterContext ctx(state_, op_, 12);
  auto ints = ctx.Ints("strides");
  ASSERT_FALSE(ints.ok());
  EXPECT_EQ(ints.status().code(), ErrorCode::kInvalidGraph);
  EXPECT_EQ(ints.status().message(),
            "paddle frontend: op #12 'conv2d' (output 'conv_out'): attribute 'strides': expected an integer list "
            "(INTS or LONGS), got STRING (type 2)");
  auto i = ctx.Int("groups");
  ASSERT_FALSE(i.ok());
  EXPECT_NE(i.status().message().find("attribute 'groups': expected an integer (INT or LONG), got FLOAT"),
            std::string::npos);
  auto b = ctx.Bool("flag");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("expected a boolean (0 or 1), got 3"), std::string::npos);
  EXPECT_FALSE(ctx.String("groups").ok());
  EXPECT_FALSE(ctx.Float("strides").ok());
}

TEST_F(ConverterContextTest, TracksUnreadAttributes) {
  NewOp("t").Out("Out", {"y"}).Int("a", 1).Int("b", 2).Int("c", 3).Int("d", 4);
  ConverterContext ctx(state_, op_, 0);
  ASSERT_TRUE(ctx.Int("a").ok());
  ASSERT_TRUE(ctx.Int("b", 0).ok());
  ctx.IgnoreAttrs({"c"});
  EXPECT_EQ(ctx.UnreadAttrs(), (std::vector<std::string>{"d"}));
}

TEST(BookkeepingAttrTest, KnownNamesAndValues) {
  auto make = [](const std::string& name, proto::AttrType type) {
    proto::OpDesc::Attr a;
    a.set_name(name);
    a.set_type(type);
    return a;
  };
  EXPECT_TRUE(IsBookkeepingAttr(make("op_callstack", proto::STRINGS)));
  EXPECT_TRUE(IsBookkeepingAttr(make("use_mkldnn", proto::BOOLEAN)));
  EXPECT_TRUE(IsBookkeepingAttr(make("Scale_in", proto::FLOAT)));
  auto thr = make("Out0_threshold", proto::FLOAT);
  thr.set_f(2.5f);
  EXPECT_TRUE(IsBookkeepingAttr(thr));
  EXPECT_FALSE(IsBookkeepingAttr(make("score_threshold", proto::FLOAT)));
  auto nchw = make("data_format", proto::STRING);
  nchw.set_s("NCHW");
  EXPECT_TRUE(IsBookkeepingAttr(nchw));
  auto nhwc = make("data_format", proto::STRING);
  nhwc.set_s("NHWC");
  EXPECT_FALSE(IsBookkeepingAttr(nhwc));
  auto fuse_off = make("fuse_relu", proto::BOOLEAN);
  fuse_off.set_b(false);
  EXPECT_TRUE(IsBookkeepingAttr(fuse_off));
  auto fuse_on = make("fuse_relu", proto::BOOLEAN);
  fuse_on.set_b(true);
  EXPECT_FALSE(IsBookkeepingAttr(fuse_on));
  auto fused_reshape = make("fused_reshape_X", proto::INTS);
  EXPECT_TRUE(IsBookkeepingAttr(fused_reshape));
  fused_reshape.add_ints(0);
  EXPECT_FALSE(IsBookkeepingAttr(fused_reshape));
  EXPECT_FALSE(IsBookkeepingAttr(make("axis", proto::INT)));
}

TEST_F(ConverterContextTest, InputsResolveThroughBindings) {
  ir::ValueId x = state_.graph.AddValue("x", DType::kFloat32, Shape({-1, 3}));
  state_.bindings["x"] = x;
  NewOp("sum").In("X", {"x", "x"}).In("Empty", {}).In("Dangling", {"nobody"}).Out("Out", {"y"});
  ConverterContext ctx(state_, op_, 4);
  EXPECT_EQ(ctx.NumInputs("X"), 2);
  EXPECT_FALSE(ctx.HasInput("Empty"));
  EXPECT_FALSE(ctx.HasInput("Absent"));
  EXPECT_EQ(*ctx.Input("X", 1), x);
  EXPECT_EQ(*ctx.OptionalInput("Empty"), ir::kNoValue);
  EXPECT_EQ(*ctx.Rank(x), 2);
  auto two = ctx.OptionalInput("X");
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.status().message().find("at most one variable, got 2"), std::string::npos);
  auto dangling = ctx.Input("Dangling");
  ASSERT_FALSE(dangling.ok());
  EXPECT_EQ(dangling.status().message(),
            "paddle frontend: op #4 'sum' (output 'y'): input slot 'Dangling' reads variable 'nobody', which is not "
            "a feed target, not a weight, and not written by any earlier op");
  auto absent = ctx.Input("Absent");
  ASSERT_FALSE(absent.ok());
  EXPECT_NE(absent.status().message().find("input slot 'Absent' needs a variable #0, got 0"), std::string::npos);
}

TEST_F(ConverterContextTest, OutputsTakeVarNamesAndVarDescInfo) {
  testing::ProgramBuilder b;
  proto::VarDesc* y = b.Var("y", testing::kInt32, {-1, 4});
  state_.var_descs["y"] = y;
  state_.reserved_names = {"y", "x"};
  state_.last_writer["y"] = 2;
  NewOp("t").Out("Out", {"y"});
  ConverterContext ctx(state_, op_, 2);
  OAR_ASSERT_OK_AND_ASSIGN(ir::ValueId out, ctx.Output("Out"));
  EXPECT_EQ(*ctx.Output("Out"), out);  // created once
  const ir::Value& v = state_.graph.value(out);
  EXPECT_EQ(v.name, "y");
  EXPECT_EQ(v.dtype, DType::kInt32);
  EXPECT_EQ(v.shape, Shape({-1, 4}));
  ir::ValueId tmp = ctx.AddTemp(ir::OpKind::kRelu, {}, ir::NoAttrs{}, "aux");
  EXPECT_EQ(state_.graph.value(tmp).name, "y.aux");
  EXPECT_EQ(state_.graph.node(state_.graph.value(tmp).producer).name, "y.aux");
  EXPECT_EQ(state_.bindings.count("y"), 0u);  // published only by Commit
  ctx.Commit();
  EXPECT_EQ(state_.bindings.at("y"), out);
}

TEST_F(ConverterContextTest, EarlierWritersOfAReusedVarGetDerivedNames) {
  state_.reserved_names = {"y", "y_1"};
  state_.last_writer["y"] = 7;  // a later op writes y again
  NewOp("t").Out("Out", {"y"});
  ConverterContext ctx(state_, op_, 5);
  OAR_ASSERT_OK_AND_ASSIGN(ir::ValueId out, ctx.Output("Out"));
  EXPECT_EQ(state_.graph.value(out).name, "y_2");               // y and y_1 are Paddle names
  EXPECT_EQ(state_.graph.value(out).dtype, DType::kUndefined);  // no VarDesc
  EXPECT_FALSE(ctx.Rank(out).ok());
}

TEST_F(ConverterContextTest, ConstantOutputAndTempForMissingSlot) {
  state_.last_writer["c"] = 0;
  NewOp("fill_constant").Out("Out", {"c"});
  ConverterContext ctx(state_, op_, 0);
  OAR_ASSERT_OK(ctx.SetConstantOutput("Out", oar::testing::RandomTensor(Shape({2}), 3)));
  OAR_ASSERT_OK_AND_ASSIGN(ir::ValueId t, ctx.OutputOrTemp("Index", "index"));
  EXPECT_EQ(state_.graph.value(t).name, "c.index");
  ctx.Commit();
  ir::ValueId c = state_.bindings.at("c");
  EXPECT_EQ(state_.graph.value(c).name, "c");
  EXPECT_TRUE(state_.graph.value(c).is_constant());
  EXPECT_EQ(state_.bindings.count("c.index"), 0u);
}

}  // namespace
}  // namespace oar::frontends::paddle
