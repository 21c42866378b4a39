#include "zoo/onnx_writer.h"

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

using oar_onnx::AttributeProto;
using oar_onnx::NodeProto;

const AttributeProto* FindAttr(const NodeProto& n, const std::string& name) {
  for (const auto& a : n.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

std::vector<int64_t> Ints(const NodeProto& n, const std::string& name) {
  const AttributeProto* a = FindAttr(n, name);
  return a ? std::vector<int64_t>(a->ints().begin(), a->ints().end()) : std::vector<int64_t>{-999};
}

ZooGraph AllKindsGraph() {
  ZooBuilder b("all_kinds", 32);
  int x = b.ConvBnRelu(b.input(), 8, 3, 2, 1);  // 16x16
  int dw = b.Conv(x, 8, 3, 1, 1, 8);
  int g = b.Conv(x, 8, 3, 1, 1, 2, {true, 1.0});
  std::vector<int> parts = b.Split(b.Add(dw, g), {3, 5});
  int cat = b.Concat({parts[1], parts[0]});
  int se = b.Sigmoid(b.AdaptiveAvgPool(cat, 1));
  x = b.MaxPool(b.Mul(cat, se), 3, 2, 1, true);  // 9x9
  x = b.Dropout(b.Flatten(b.AdaptiveAvgPool(x, 3)), 0.5f);
  return b.Finish(b.Softmax(b.Linear(x, 7)));
}

std::map<std::string, const NodeProto*> NodesByName(const oar_onnx::ModelProto& m) {
  std::map<std::string, const NodeProto*> nodes;
  for (const auto& n : m.graph().node()) nodes[n.name()] = &n;
  return nodes;
}

TEST(OnnxWriterTest, ModelHeaderAndIo) {
  oar_onnx::ModelProto m = BuildOnnxModel(AllKindsGraph(), 0);
  EXPECT_EQ(m.ir_version(), 8);
  ASSERT_EQ(m.opset_import_size(), 1);
  EXPECT_EQ(m.opset_import(0).domain(), "");
  EXPECT_EQ(m.opset_import(0).version(), 13);
  const auto& in = m.graph().input(0);
  EXPECT_EQ(in.name(), "image");
  EXPECT_EQ(in.type().tensor_type().elem_type(), oar_onnx::TensorProto::FLOAT);
  const auto& shape = in.type().tensor_type().shape();
  ASSERT_EQ(shape.dim_size(), 4);
  EXPECT_EQ(shape.dim(0).dim_param(), "N");
  EXPECT_EQ(shape.dim(3).dim_value(), 32);
  EXPECT_EQ(m.graph().output(0).name(), "softmax_0.tmp_0");
  EXPECT_EQ(m.graph().output(0).type().tensor_type().shape().dim(1).dim_value(), 7);
}

TEST(OnnxWriterTest, NodesAreTopologicalAndDropoutIsRemoved) {
  oar_onnx::ModelProto m = BuildOnnxModel(AllKindsGraph(), 0);
  std::set<std::string> defined = {"image"};
  for (const auto& t : m.graph().initializer()) defined.insert(t.name());
  std::multiset<std::string> op_types;
  for (const auto& n : m.graph().node()) {
    op_types.insert(n.op_type());
    for (const auto& i : n.input()) EXPECT_TRUE(defined.count(i)) << n.name() << " reads undefined " << i;
    for (const auto& o : n.output()) EXPECT_TRUE(defined.insert(o).second) << o << " defined twice";
  }
  EXPECT_TRUE(defined.count(m.graph().output(0).name()));
  EXPECT_EQ(op_types.count("Dropout"), 0u);
  EXPECT_EQ(op_types.count("Conv"), 3u);
  EXPECT_EQ(op_types.count("BatchNormalization"), 1u);
  EXPECT_EQ(op_types.count("GlobalAveragePool"), 1u);
  EXPECT_EQ(op_types.count("AveragePool"), 1u);
  // The Gemm reads the flatten output directly (the dropout in between is an identity).
  auto nodes = NodesByName(m);
  EXPECT_EQ(nodes.at("linear_0")->input(0), "flatten_0.tmp_0");
}

TEST(OnnxWriterTest, NodeAttributes) {
  oar_onnx::ModelProto m = BuildOnnxModel(AllKindsGraph(), 0);
  auto nodes = NodesByName(m);
  const NodeProto& conv = *nodes.at("conv2d_2");
  EXPECT_EQ(conv.op_type(), "Conv");
  EXPECT_EQ(FindAttr(conv, "group")->i(), 2);
  EXPECT_EQ(Ints(conv, "pads"), (std::vector<int64_t>{1, 1, 1, 1}));
  EXPECT_EQ(Ints(conv, "kernel_shape"), (std::vector<int64_t>{3, 3}));
  ASSERT_EQ(conv.input_size(), 3);
  EXPECT_EQ(conv.input(2), "conv2d_2.b_0");
  EXPECT_EQ(conv.output(0), "conv2d_2.tmp_1");
  EXPECT_EQ(FindAttr(*nodes.at("conv2d_1"), "group")->i(), 8);
  const NodeProto& bn = *nodes.at("batch_norm_0");
  EXPECT_EQ(std::vector<std::string>(bn.input().begin(), bn.input().end()),
            (std::vector<std::string>{"conv2d_0.tmp_0", "batch_norm_0.w_0", "batch_norm_0.b_0", "batch_norm_0.w_1",
                                      "batch_norm_0.w_2"}));
  EXPECT_FLOAT_EQ(FindAttr(bn, "epsilon")->f(), 1e-5f);
  const NodeProto& pool = *nodes.at("pool2d_1");
  EXPECT_EQ(pool.op_type(), "MaxPool");
  EXPECT_EQ(FindAttr(pool, "ceil_mode")->i(), 1);
  const NodeProto& avg = *nodes.at("pool2d_2");
  EXPECT_EQ(Ints(avg, "kernel_shape"), (std::vector<int64_t>{3, 3}));  // 9x9 -> 3x3
  EXPECT_EQ(Ints(avg, "strides"), (std::vector<int64_t>{3, 3}));
  const NodeProto& gemm = *nodes.at("linear_0");
  EXPECT_EQ(gemm.op_type(), "Gemm");
  EXPECT_EQ(FindAttr(gemm, "transB")->i(), 0);
  const NodeProto& split = *nodes.at("split_0");
  ASSERT_EQ(split.input_size(), 2);
  EXPECT_EQ(split.output_size(), 2);
  const oar_onnx::TensorProto* sections = testing::FindInitializer(m, split.input(1));
  ASSERT_NE(sections, nullptr);
  EXPECT_EQ(sections->data_type(), oar_onnx::TensorProto::INT64);
  std::string expected;
  AppendUIntLE(3, 8, &expected);
  AppendUIntLE(5, 8, &expected);
  EXPECT_TRUE(sections->raw_data() == expected);
  EXPECT_EQ(FindAttr(*nodes.at("softmax_0"), "axis")->i(), -1);
  EXPECT_EQ(nodes.at("elementwise_mul_0")->op_type(), "Mul");
}

TEST(OnnxWriterTest, InitializersHoldTheGeneratedWeights) {
  ZooGraph g = AllKindsGraph();
  oar_onnx::ModelProto m = BuildOnnxModel(g, 21);
  for (const ZooParam& p : g.params) {
    const oar_onnx::TensorProto* t = testing::FindInitializer(m, p.name);
    ASSERT_NE(t, nullptr) << p.name;
    EXPECT_EQ(t->data_type(), oar_onnx::TensorProto::FLOAT);
    EXPECT_EQ(std::vector<int64_t>(t->dims().begin(), t->dims().end()), p.dims);
    std::string expected;
    AppendFloatsLE(GenerateParam("all_kinds", 21, p), &expected);
    EXPECT_TRUE(t->raw_data() == expected) << p.name;
  }
}

TEST(OnnxWriterTest, WriteRoundTrips) {
  ZooGraph g = AllKindsGraph();
  std::string dir = oar::testing::TempDir();
  OAR_ASSERT_OK(WriteOnnxModel(g, 4, dir));
  oar_onnx::ModelProto m;
  ASSERT_TRUE(testing::ParseOnnx(dir + "/model.onnx", &m));
  EXPECT_EQ(m.SerializeAsString(), BuildOnnxModel(g, 4).SerializeAsString());
  Status s = WriteOnnxModel(g, 4, dir + "/missing");
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace oar::zoo
