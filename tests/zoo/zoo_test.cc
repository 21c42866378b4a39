#include "zoo/zoo.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "test_util.h"
#include "zoo/networks.h"
#include "zoo_test_util.h"

namespace oar::zoo {
namespace {

namespace pf = paddle::framework::proto;
using testing::FileSize;
using testing::ParamRecord;

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::string FreshDir(const std::string& leaf) {
  static int n = 0;
  return oar::testing::TempDir() + "/zoo_" + std::to_string(n++) + "_" + leaf;
}

void RemoveModelDir(const std::string& dir) {
  for (const char* f : {"__model__", "__params__", "model.onnx"}) std::remove((dir + "/" + f).c_str());
  std::remove(dir.c_str());
}

TEST(ZooTest, NamesAreTheEightNetworks) {
  std::vector<std::string> expected = {"resnet50",        "mobilenet_v1",       "vgg16", "alexnet", "googlenet",
                                       "resnext50_32x4d", "se_resnext50_32x4d", "dpn68"};
  EXPECT_EQ(ZooModelNames(), expected);
}

TEST(ZooTest, UnknownNameListsTheValidNames) {
  std::string dir = FreshDir("unknown");
  Status s = WriteZooModel("resnet51", dir, ZooFormat::kPaddle);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
  EXPECT_NE(s.message().find("unknown model 'resnet51'"), std::string::npos) << s.message();
  for (const std::string& name : ZooModelNames()) EXPECT_NE(s.message().find(name), std::string::npos) << name;
  struct stat st;
  EXPECT_NE(stat(dir.c_str(), &st), 0) << "no directory is created for a bad request";
  EXPECT_EQ(ZooModelDescription("resnet51"), "");
}

TEST(ZooTest, RejectsNonPositiveClassCount) {
  ZooOptions options;
  options.num_classes = 0;
  Status s = WriteZooModel("alexnet", FreshDir("classes"), ZooFormat::kOnnx, options);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("num_classes >= 1, got 0"), std::string::npos) << s.message();
}

TEST(ZooTest, OutDirThatIsAFileIsAnError) {
  std::string path = FreshDir("file");
  std::ofstream(path) << "x";
  Status s = WriteZooModel("mobilenet_v1", path + "/model", ZooFormat::kOnnx);
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_NE(s.message().find("not a directory"), std::string::npos) << s.message();
  std::remove(path.c_str());
}

TEST(ZooTest, DescriptionsCountParamsAndMacs) {
  EXPECT_EQ(ZooModelDescription("resnet50"),
            "ResNet-50 v1.5 (torchvision layout), 25.6M params, 4.09 GMACs at 224x224");
  EXPECT_NE(ZooModelDescription("vgg16").find("138.4M params, 15.47 GMACs"), std::string::npos);
  for (const std::string& name : ZooModelNames()) {
    std::string d = ZooModelDescription(name);
    EXPECT_NE(d.find("M params"), std::string::npos) << name;
    EXPECT_EQ(d.find('\n'), std::string::npos) << name;
  }
}

TEST(ZooTest, NumClassesChangesTheHead) {
  ZooOptions options;
  options.num_classes = 10;
  std::string dir = FreshDir("ten");
  OAR_ASSERT_OK(WriteZooModel("mobilenet_v1", dir, ZooFormat::kOnnx, options));
  oar_onnx::ModelProto model;
  ASSERT_TRUE(testing::ParseOnnx(dir + "/model.onnx", &model));
  const auto& shape = model.graph().output(0).type().tensor_type().shape();
  ASSERT_EQ(shape.dim_size(), 2);
  EXPECT_EQ(shape.dim(1).dim_value(), 10);
  const oar_onnx::TensorProto* w = testing::FindInitializer(model, "linear_0.w_0");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->dims(1), 10);
  RemoveModelDir(dir);
}

TEST(ZooTest, SameSeedGivesIdenticalFiles) {
  ZooOptions options;
  options.seed = 7;
  std::string a = FreshDir("seed_a"), b = FreshDir("seed_b");
  for (const std::string& dir : {a, b}) {
    OAR_ASSERT_OK(WriteZooModel("mobilenet_v1", dir, ZooFormat::kPaddle, options));
    OAR_ASSERT_OK(WriteZooModel("mobilenet_v1", dir, ZooFormat::kOnnx, options));
  }
  for (const char* f : {"__model__", "__params__", "model.onnx"}) {
    std::string x = Slurp(a + "/" + f), y = Slurp(b + "/" + f);
    EXPECT_GT(x.size(), 1000u) << f;
    EXPECT_TRUE(x == y) << f << " differs between two writes with the same seed";
  }
  RemoveModelDir(a);
  RemoveModelDir(b);
}

TEST(ZooTest, OtherSeedGivesOtherWeightsAndTheSameGraph) {
  std::string a = FreshDir("seed7"), b = FreshDir("seed8");
  ZooOptions options;
  options.seed = 7;
  OAR_ASSERT_OK(WriteZooModel("googlenet", a, ZooFormat::kPaddle, options));
  options.seed = 8;
  OAR_ASSERT_OK(WriteZooModel("googlenet", b, ZooFormat::kPaddle, options));
  EXPECT_TRUE(Slurp(a + "/__model__") == Slurp(b + "/__model__"));
  std::vector<ParamRecord> ra, rb;
  std::string error;
  ASSERT_TRUE(testing::ReadParamRecords(a + "/__params__", &ra, &error)) << error;
  ASSERT_TRUE(testing::ReadParamRecords(b + "/__params__", &rb, &error)) << error;
  ASSERT_EQ(ra.size(), rb.size());
  int differing = 0;
  for (size_t i = 0; i < ra.size(); ++i) {
    ASSERT_EQ(ra[i].dims, rb[i].dims);
    std::string x = testing::ReadBytes(a + "/__params__", ra[i].data_offset, ra[i].data_bytes);
    std::string y = testing::ReadBytes(b + "/__params__", rb[i].data_offset, rb[i].data_bytes);
    differing += x != y;
  }
  EXPECT_EQ(differing, static_cast<int>(ra.size())) << "every tensor must change with the seed";
  RemoveModelDir(a);
  RemoveModelDir(b);
}

// Every network, both formats: the Paddle files parse and agree with each other, the ONNX file
// parses, and both carry the same weights.
class ZooModelTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ZooModelTest, WritesBothFormatsWithTheSameWeights) {
  const std::string name = GetParam();
  std::string dir = FreshDir(name);
  ZooOptions options;
  options.seed = 3;
  OAR_ASSERT_OK(WriteZooModel(name, dir, ZooFormat::kPaddle, options));
  OAR_ASSERT_OK(WriteZooModel(name, dir, ZooFormat::kOnnx, options));
  OAR_ASSERT_OK_AND_ASSIGN(ZooGraph graph, BuildZooGraph(name));

  // Paddle program: feed "image" [-1,3,224,224] -> ... -> fetch; persistables = the params.
  pf::ProgramDesc program;
  ASSERT_TRUE(testing::ParseProgram(dir + "/__model__", &program));
  ASSERT_EQ(program.blocks_size(), 1);
  const pf::BlockDesc& block = program.blocks(0);
  ASSERT_GE(block.ops_size(), 3);
  EXPECT_EQ(block.ops(0).type(), "feed");
  EXPECT_EQ(block.ops(0).outputs(0).arguments(0), "image");
  EXPECT_EQ(block.ops(block.ops_size() - 1).type(), "fetch");
  std::string fetched = block.ops(block.ops_size() - 1).inputs(0).arguments(0);
  std::map<std::string, const pf::VarDesc*> persistable;
  for (const pf::VarDesc& v : block.vars()) {
    if (v.name() == "image") {
      EXPECT_EQ(std::vector<int64_t>(v.type().lod_tensor().tensor().dims().begin(),
                                     v.type().lod_tensor().tensor().dims().end()),
                (std::vector<int64_t>{-1, 3, 224, 224}));
    }
    if (v.persistable() && v.type().type() == pf::VarType::LOD_TENSOR) persistable[v.name()] = &v;
  }
  ASSERT_EQ(persistable.size(), graph.params.size());

  // Params: records in sorted-name order, each matching its VarDesc; the walk ends at EOF.
  std::vector<ParamRecord> records;
  std::string error;
  ASSERT_TRUE(testing::ReadParamRecords(dir + "/__params__", &records, &error)) << error;
  ASSERT_EQ(records.size(), persistable.size());
  int64_t expected_size = 0;
  std::map<std::string, ParamRecord> by_name;
  size_t i = 0;
  for (const auto& [var_name, var] : persistable) {  // std::map iterates in byte-wise order
    const auto& desc = var->type().lod_tensor().tensor();
    EXPECT_EQ(records[i].dims, std::vector<int64_t>(desc.dims().begin(), desc.dims().end())) << var_name;
    EXPECT_EQ(records[i].data_type, pf::VarType::FP32) << var_name;
    expected_size += records[i].record_bytes;
    by_name[var_name] = records[i++];
  }
  EXPECT_EQ(FileSize(dir + "/__params__"), expected_size);

  // ONNX: same output name, symbolic batch, one initializer per param with identical bytes.
  oar_onnx::ModelProto model;
  ASSERT_TRUE(testing::ParseOnnx(dir + "/model.onnx", &model));
  EXPECT_EQ(model.ir_version(), 8);
  EXPECT_EQ(model.opset_import(0).version(), 13);
  ASSERT_EQ(model.graph().input_size(), 1);
  EXPECT_EQ(model.graph().input(0).type().tensor_type().shape().dim(0).dim_param(), "N");
  EXPECT_EQ(model.graph().output(0).name(), fetched);
  int float_initializers = 0;
  for (const auto& t : model.graph().initializer()) {
    if (t.data_type() != oar_onnx::TensorProto::FLOAT) continue;
    ++float_initializers;
    ASSERT_TRUE(by_name.count(t.name())) << t.name();
    EXPECT_EQ(static_cast<int64_t>(t.raw_data().size()), by_name[t.name()].data_bytes) << t.name();
  }
  EXPECT_EQ(float_initializers, static_cast<int>(graph.params.size()));
  // Spot-check bytes: the first conv, the last param in sorted order and the classifier.
  for (const std::string& p : {std::string("conv2d_0.w_0"), by_name.rbegin()->first, std::string("linear_0.b_0")}) {
    const oar_onnx::TensorProto* t = testing::FindInitializer(model, p);
    ASSERT_NE(t, nullptr) << p;
    EXPECT_TRUE(t->raw_data() == testing::ReadBytes(dir + "/__params__", by_name[p].data_offset, by_name[p].data_bytes))
        << p << " differs between the ONNX and the Paddle file";
  }
  RemoveModelDir(dir);
}

INSTANTIATE_TEST_SUITE_P(AllNetworks, ZooModelTest, ::testing::ValuesIn(ZooModelNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace oar::zoo
