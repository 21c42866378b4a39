#include "zoo/paddle_writer.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "test_util.h"
#include "zoo/networks.h"
#include "zoo/zoo_io.h"
#include "zoo/zoo_weights.h"
#include "zoo_test_util.h"

namespace oar::zoo {
namespace {

namespace pf = paddle::framework::proto;

const pf::OpDesc::Attr* FindAttr(const pf::OpDesc& op, const std::string& name) {
  for (const auto& a : op.attrs()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

std::vector<std::string> Slot(const google::protobuf::RepeatedPtrField<pf::OpDesc::Var>& vars,
                              const std::string& slot) {
  for (const auto& v : vars) {
    if (v.parameter() == slot) return {v.arguments().begin(), v.arguments().end()};
  }
  return {"<no slot " + slot + ">"};
}

// A small graph with every layer kind.
ZooGraph AllKindsGraph() {
  ZooBuilder b("all_kinds", 32);
  int x = b.ConvBnRelu(b.input(), 8, 3, 2, 1);    // conv2d + batch_norm + relu
  int dw = b.Conv(x, 8, 3, 1, 1, 8);              // depthwise_conv2d
  int g = b.Conv(x, 8, 3, 1, 1, 2, {true, 1.0});  // grouped conv2d + bias add
  std::vector<int> parts = b.Split(b.Add(dw, g), {3, 5});
  int cat = b.Concat({parts[1], parts[0]});
  int se = b.Sigmoid(b.AdaptiveAvgPool(cat, 1));
  x = b.MaxPool(b.Mul(cat, se), 3, 2, 1, true);
  x = b.Dropout(b.Flatten(b.AdaptiveAvgPool(x, 3)), 0.25f);
  return b.Finish(b.Softmax(b.Linear(x, 7)));
}

TEST(PaddleWriterTest, RecordLayoutMatchesPaddle) {
  std::string out;
  AppendTensorRecord({104}, std::vector<float>(104, 1.5f), &out);
  // version 0 | LoD levels 0 | tensor version 0 | desc size 4 | desc (FP32, dims [104]).
  const unsigned char header[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0x08, 0x05, 0x10, 0x68};
  ASSERT_EQ(out.size(), sizeof(header) + 416);
  EXPECT_EQ(out.substr(0, sizeof(header)), std::string(reinterpret_cast<const char*>(header), sizeof(header)));
  float v;
  std::memcpy(&v, out.data() + sizeof(header) + 4 * 103, 4);
  EXPECT_EQ(v, 1.5f);
}

TEST(PaddleWriterTest, CombinedOrderIsByteWiseSorted) {
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph g, BuildZooGraph("resnet50"));
  std::vector<int> order = CombinedParamOrder(g);
  ASSERT_EQ(order.size(), g.params.size());
  for (size_t i = 1; i < order.size(); ++i) EXPECT_LT(g.params[order[i - 1]].name, g.params[order[i]].name);
  // '.' (0x2e) sorts before digits: batch_norm_1.* comes before batch_norm_10.*.
  EXPECT_EQ(g.params[order[0]].name, "batch_norm_0.b_0");
  EXPECT_EQ(g.params[order[4]].name, "batch_norm_1.b_0");
  EXPECT_EQ(g.params[order[8]].name, "batch_norm_10.b_0");
}

TEST(PaddleWriterTest, ProgramHasFeedFetchVarsAndVersion) {
  pf::ProgramDesc p = BuildPaddleProgram(AllKindsGraph());
  EXPECT_EQ(p.version().version(), 2004000);
  ASSERT_EQ(p.blocks_size(), 1);
  const pf::BlockDesc& b = p.blocks(0);
  EXPECT_EQ(b.idx(), 0);
  EXPECT_EQ(b.parent_idx(), -1);
  std::map<std::string, const pf::VarDesc*> vars;
  for (const auto& v : b.vars()) EXPECT_TRUE(vars.emplace(v.name(), &v).second) << "duplicate var " << v.name();
  EXPECT_EQ(vars.at("feed")->type().type(), pf::VarType::FEED_MINIBATCH);
  EXPECT_TRUE(vars.at("feed")->persistable());
  EXPECT_EQ(vars.at("fetch")->type().type(), pf::VarType::FETCH_LIST);
  const auto& image = vars.at("image")->type().lod_tensor().tensor();
  EXPECT_EQ(image.data_type(), pf::VarType::FP32);
  EXPECT_EQ(std::vector<int64_t>(image.dims().begin(), image.dims().end()), (std::vector<int64_t>{-1, 3, 32, 32}));
  EXPECT_TRUE(vars.at("conv2d_0.w_0")->persistable());
  EXPECT_FALSE(vars.at("conv2d_0.tmp_0")->persistable());
  EXPECT_EQ(vars.at("dropout_0.tmp_1")->type().lod_tensor().tensor().data_type(), pf::VarType::UINT8);

  const pf::OpDesc& feed = b.ops(0);
  EXPECT_EQ(feed.type(), "feed");
  EXPECT_EQ(Slot(feed.outputs(), "Out"), std::vector<std::string>{"image"});
  EXPECT_EQ(FindAttr(feed, "col")->type(), pf::INT);
  const pf::OpDesc& fetch = b.ops(b.ops_size() - 1);
  EXPECT_EQ(fetch.type(), "fetch");
  EXPECT_EQ(Slot(fetch.inputs(), "X"), std::vector<std::string>{"softmax_0.tmp_0"});
  EXPECT_EQ(Slot(fetch.outputs(), "Out"), std::vector<std::string>{"fetch"});

  // Every argument of every op is a declared var, and every non-persistable input was
  // produced by an earlier op (the program is in execution order).
  std::set<std::string> produced = {"feed"};
  for (const auto& op : b.ops()) {
    for (const auto& in : op.inputs()) {
      for (const auto& a : in.arguments()) {
        ASSERT_TRUE(vars.count(a)) << op.type() << " reads undeclared " << a;
        if (!vars.at(a)->persistable()) {
          EXPECT_TRUE(produced.count(a)) << op.type() << " reads " << a << " early";
        }
      }
    }
    for (const auto& out : op.outputs()) {
      for (const auto& a : out.arguments()) {
        ASSERT_TRUE(vars.count(a)) << op.type() << " writes undeclared " << a;
        produced.insert(a);
      }
    }
  }
}

TEST(PaddleWriterTest, OpsCarryPaddleAttributesWithTheirTypes) {
  pf::ProgramDesc p = BuildPaddleProgram(AllKindsGraph());
  std::map<std::string, std::vector<const pf::OpDesc*>> ops;
  for (const auto& op : p.blocks(0).ops()) ops[op.type()].push_back(&op);
  std::vector<std::string> types;
  for (const auto& [t, list] : ops) types.push_back(t);
  EXPECT_EQ(types,
            (std::vector<std::string>{"batch_norm", "concat", "conv2d", "depthwise_conv2d", "dropout",
                                      "elementwise_add", "elementwise_mul", "feed", "fetch", "flatten_contiguous_range",
                                      "matmul_v2", "pool2d", "relu", "sigmoid", "softmax", "split"}));
  const pf::OpDesc& conv = *ops["conv2d"][1];  // the grouped conv with bias
  EXPECT_EQ(FindAttr(conv, "groups")->i(), 2);
  EXPECT_EQ(FindAttr(conv, "strides")->type(), pf::INTS);
  EXPECT_EQ(FindAttr(conv, "padding_algorithm")->s(), "EXPLICIT");
  EXPECT_EQ(FindAttr(conv, "data_format")->s(), "NCHW");
  EXPECT_EQ(Slot(conv.inputs(), "Filter"), std::vector<std::string>{"conv2d_2.w_0"});
  EXPECT_EQ(Slot(conv.inputs(), "Bias"), std::vector<std::string>{});
  EXPECT_EQ(FindAttr(*ops["depthwise_conv2d"][0], "groups")->i(), 8);

  const pf::OpDesc& bn = *ops["batch_norm"][0];
  EXPECT_EQ(Slot(bn.inputs(), "Scale"), std::vector<std::string>{"batch_norm_0.w_0"});
  EXPECT_EQ(Slot(bn.inputs(), "Mean"), Slot(bn.outputs(), "MeanOut"));
  EXPECT_EQ(Slot(bn.inputs(), "Variance"), Slot(bn.outputs(), "VarianceOut"));
  EXPECT_EQ(FindAttr(bn, "epsilon")->type(), pf::FLOAT);
  EXPECT_FLOAT_EQ(FindAttr(bn, "epsilon")->f(), 1e-5f);
  EXPECT_EQ(FindAttr(bn, "is_test")->type(), pf::BOOLEAN);
  EXPECT_TRUE(FindAttr(bn, "is_test")->b());

  // Bias adds: axis 1 (conv bias over channels, linear bias over features); residual add -1.
  std::vector<int> axes;
  for (const auto* op : ops["elementwise_add"]) axes.push_back(FindAttr(*op, "axis")->i());
  EXPECT_EQ(axes, (std::vector<int>{1, -1, 1}));

  const pf::OpDesc& max_pool = *ops["pool2d"][1];
  EXPECT_EQ(FindAttr(max_pool, "pooling_type")->s(), "max");
  EXPECT_TRUE(FindAttr(max_pool, "ceil_mode")->b());
  EXPECT_FALSE(FindAttr(max_pool, "adaptive")->b());
  const pf::OpDesc& adaptive = *ops["pool2d"][2];
  EXPECT_TRUE(FindAttr(adaptive, "adaptive")->b());
  EXPECT_EQ(std::vector<int>(FindAttr(adaptive, "ksize")->ints().begin(), FindAttr(adaptive, "ksize")->ints().end()),
            (std::vector<int>{3, 3}));

  const pf::OpDesc& split = *ops["split"][0];
  EXPECT_EQ(split.outputs(0).arguments_size(), 2);
  EXPECT_EQ(FindAttr(split, "sections")->ints(1), 5);
  EXPECT_EQ(FindAttr(split, "num")->i(), 0);
  const pf::OpDesc& dropout = *ops["dropout"][0];
  EXPECT_EQ(FindAttr(dropout, "dropout_implementation")->s(), "upscale_in_train");
  EXPECT_TRUE(FindAttr(dropout, "is_test")->b());
  EXPECT_FLOAT_EQ(FindAttr(dropout, "dropout_prob")->f(), 0.25f);
  const pf::OpDesc& mm = *ops["matmul_v2"][0];
  EXPECT_EQ(Slot(mm.inputs(), "Y"), std::vector<std::string>{"linear_0.w_0"});
  EXPECT_FALSE(FindAttr(mm, "trans_y")->b());
  EXPECT_EQ(FindAttr(*ops["flatten_contiguous_range"][0], "stop_axis")->i(), 3);
  EXPECT_EQ(FindAttr(*ops["softmax"][0], "axis")->i(), -1);
  EXPECT_EQ(FindAttr(*ops["concat"][0], "axis")->i(), 1);
  EXPECT_EQ(FindAttr(*ops["relu"][0], "op_role")->type(), pf::INT);
}

TEST(PaddleWriterTest, WritesParamsInSortedOrderWithGeneratedValues) {
  ZooGraph g = AllKindsGraph();
  std::string dir = oar::testing::TempDir();
  OAR_ASSERT_OK(WritePaddleModel(g, 11, dir));
  std::vector<testing::ParamRecord> records;
  std::string error;
  ASSERT_TRUE(testing::ReadParamRecords(dir + "/__params__", &records, &error)) << error;
  std::vector<int> order = CombinedParamOrder(g);
  ASSERT_EQ(records.size(), order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    const ZooParam& p = g.params[order[i]];
    EXPECT_EQ(records[i].dims, p.dims) << p.name;
    std::string expected;
    AppendFloatsLE(GenerateParam("all_kinds", 11, p), &expected);
    EXPECT_TRUE(testing::ReadBytes(dir + "/__params__", records[i].data_offset, records[i].data_bytes) == expected)
        << p.name;
  }
  pf::ProgramDesc program;
  ASSERT_TRUE(testing::ParseProgram(dir + "/__model__", &program));
  EXPECT_EQ(program.SerializeAsString(), BuildPaddleProgram(g).SerializeAsString());
}

TEST(PaddleWriterTest, MissingDirectoryIsAnError) {
  Status s = WritePaddleModel(AllKindsGraph(), 0, oar::testing::TempDir() + "/no/such/dir");
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_NE(s.message().find("cannot open"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace oar::zoo
