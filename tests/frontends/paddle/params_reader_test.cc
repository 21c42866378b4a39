#include "frontends/paddle/params_reader.h"

#include <cstring>
#include <random>
#include <sstream>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

using testing::ProgramBuilder;

std::string Record(const Tensor& t) {
  std::string s;
  WriteTensorRecord(t, &s);
  return s;
}

StatusOr<Tensor> ReadOne(const std::string& bytes, uint64_t* left = nullptr) {
  std::istringstream in(bytes);
  uint64_t available = bytes.size();
  auto t = ReadTensorRecord(in, &available, "record 'v'");
  if (left) *left = available;
  return t;
}

WeightSpec Spec(const std::string& name, DType dtype, std::vector<int64_t> dims) {
  WeightSpec s;
  s.name = name;
  s.dtype = dtype;
  s.dims = std::move(dims);
  return s;
}

TEST(ParamsReaderTest, RecordLayoutMatchesTheFormatNotes) {
  // shared/docs/paddle-model-format.md §4: the first record of the OCR classifier's params.
  Tensor t(DType::kFloat32, Shape({104}));
  std::string bytes = Record(t);
  const unsigned char header[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0x08, 0x05, 0x10, 0x68};
  ASSERT_EQ(bytes.size(), sizeof(header) + 416);
  EXPECT_EQ(std::memcmp(bytes.data(), header, sizeof(header)), 0);
}

TEST(ParamsReaderTest, RoundTripsEveryDtype) {
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kFloat64, DType::kInt8, DType::kUInt8, DType::kInt16,
                   DType::kInt32, DType::kInt64, DType::kBool, DType::kBFloat16}) {
    Tensor src(dt, Shape({3, 5}));
    for (size_t i = 0; i < src.nbytes(); ++i) static_cast<uint8_t*>(src.raw_data())[i] = static_cast<uint8_t>(i * 7);
    if (dt == DType::kBool) {
      for (int64_t i = 0; i < src.numel(); ++i) src.data<bool>()[i] = (i % 3) == 0;
    }
    uint64_t left = 99;
    OAR_ASSERT_OK_AND_ASSIGN(Tensor back, ReadOne(Record(src), &left));
    EXPECT_EQ(left, 0u);
    EXPECT_EQ(back.dtype(), dt);
    EXPECT_EQ(back.shape(), Shape({3, 5}));
    EXPECT_EQ(std::memcmp(back.raw_data(), src.raw_data(), src.nbytes()), 0) << DTypeName(dt);
  }
}

TEST(ParamsReaderTest, ZeroDimRecordHoldsOneElement) {
  Tensor scalar(DType::kFloat32, Shape());
  scalar.data<float>()[0] = 2.5f;
  OAR_ASSERT_OK_AND_ASSIGN(Tensor back, ReadOne(Record(scalar)));
  EXPECT_EQ(back.shape().rank(), 0);
  EXPECT_EQ(back.data<float>()[0], 2.5f);
}

TEST(ParamsReaderTest, SkipsLodLevels) {
  Tensor t = oar::testing::RandomTensor(Shape({2, 3}), 5);
  std::string plain = Record(t);
  // Same record with one LoD level of two offsets.
  std::string with_lod = plain.substr(0, 4);
  uint64_t levels = 1, nbytes = 16, off0 = 0, off1 = 2;
  with_lod.append(reinterpret_cast<const char*>(&levels), 8);
  with_lod.append(reinterpret_cast<const char*>(&nbytes), 8);
  with_lod.append(reinterpret_cast<const char*>(&off0), 8);
  with_lod.append(reinterpret_cast<const char*>(&off1), 8);
  with_lod.append(plain.substr(12));
  OAR_ASSERT_OK_AND_ASSIGN(Tensor back, ReadOne(with_lod));
  EXPECT_TRUE(oar::testing::TensorsNear(back, t, 0, 0));
}

TEST(ParamsReaderTest, TruncationAnywhereNamesThePartAndSizes) {
  Tensor t = oar::testing::RandomTensor(Shape({4, 6}), 6);
  std::string bytes = Record(t);
  for (size_t cut = 0; cut < bytes.size(); cut += 5) {
    auto r = ReadOne(bytes.substr(0, cut));
    ASSERT_FALSE(r.ok()) << cut;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidGraph);
    EXPECT_NE(r.status().message().find("record 'v': truncated while reading the"), std::string::npos)
        << r.status().message();
  }
  auto data_cut = ReadOne(bytes.substr(0, bytes.size() - 10));
  ASSERT_FALSE(data_cut.ok());
  EXPECT_NE(data_cut.status().message().find("data of f32[4,6]: expected 96 bytes, only 86 available"),
            std::string::npos)
      << data_cut.status().message();
}

TEST(ParamsReaderTest, CorruptHeadersAreCleanErrors) {
  std::string bytes = Record(oar::testing::RandomTensor(Shape({2}), 7));
  std::string bad_version = bytes;
  bad_version[0] = 3;
  auto v = ReadOne(bad_version);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("expected LoD tensor version 0, got 3"), std::string::npos);

  std::string many_lods = bytes;
  many_lods[4] = 100;
  auto l = ReadOne(many_lods);
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.status().message().find("implausible LoD level count 100"), std::string::npos);

  std::string huge_desc = bytes;
  huge_desc[19] = 0x7f;  // desc size 0x7f000004
  auto h = ReadOne(huge_desc);
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.status().message().find("truncated while reading the TensorDesc"), std::string::npos);

  std::string bad_desc = bytes;
  bad_desc[20] = static_cast<char>(0xff);
  auto d = ReadOne(bad_desc);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("TensorDesc"), std::string::npos) << d.status().message();
}

TEST(ParamsReaderTest, HugeDimsDoNotAllocate) {
  proto::VarType::TensorDesc desc;
  desc.set_data_type(proto::VarType::FP32);
  desc.add_dims(1LL << 40);
  desc.add_dims(1LL << 40);
  std::string d = desc.SerializeAsString();
  std::string bytes(16, '\0');
  int32_t n = static_cast<int32_t>(d.size());
  bytes.append(reinterpret_cast<const char*>(&n), 4);
  bytes += d;
  auto r = ReadOne(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("too large"), std::string::npos) << r.status().message();
}

TEST(ParamsReaderTest, RandomBytesNeverCrash) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 300; ++trial) {
    std::string bytes(static_cast<size_t>(rng() % 64), '\0');
    for (char& c : bytes) c = static_cast<char>(rng() % 4 == 0 ? rng() : 0);
    auto r = ReadOne(bytes);
    if (!r.ok()) {
      EXPECT_NE(r.status().message().find("record 'v'"), std::string::npos);
    }
  }
}

TEST(ParamsReaderTest, MatchWidensHalfToFloatAndRejectsMismatches) {
  Tensor half(DType::kFloat16, Shape({2, 2}));
  const float values[] = {1.5f, -2.0f, 0.25f, 1000.0f};
  for (int i = 0; i < 4; ++i) half.data<uint16_t>()[i] = FloatToHalf(values[i]);
  OAR_ASSERT_OK_AND_ASSIGN(Tensor f, MatchWeightSpec(half, Spec("w", DType::kFloat32, {2, 2}), "w"));
  ASSERT_EQ(f.dtype(), DType::kFloat32);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(f.data<float>()[i], values[i]);

  Tensor t = oar::testing::RandomTensor(Shape({3, 2}), 8);
  auto shape = MatchWeightSpec(t, Spec("w", DType::kFloat32, {2, 3}), "variable 'w'");
  ASSERT_FALSE(shape.ok());
  EXPECT_NE(shape.status().message().find("variable 'w': expected f32[2,3] (declared in the program), got f32[3,2]"),
            std::string::npos)
      << shape.status().message();
  auto dtype = MatchWeightSpec(t, Spec("w", DType::kInt64, {3, 2}), "variable 'w'");
  ASSERT_FALSE(dtype.ok());
  EXPECT_NE(dtype.status().message().find("expected i64[3,2]"), std::string::npos);
  OAR_EXPECT_OK(MatchWeightSpec(t, Spec("w", DType::kFloat32, {-1, 2}), "w").status());
}

class CombinedParamsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::FreshDir("combined_params");
    a_ = oar::testing::RandomTensor(Shape({3}), 11);
    b_ = oar::testing::RandomTensor(Shape({2, 2}), 12);
    specs_ = {Spec("a", DType::kFloat32, {3}), Spec("b", DType::kFloat32, {2, 2})};
    bytes_ = Record(a_) + Record(b_);
    path_ = dir_ + "/p.pdiparams";
  }
  StatusOr<std::map<std::string, Tensor>> Read(const std::string& bytes) {
    ProgramBuilder::WriteFile(path_, bytes);
    return ReadCombinedParams(path_, specs_);
  }
  std::string dir_, path_, bytes_;
  Tensor a_, b_;
  std::vector<WeightSpec> specs_;
};

TEST_F(CombinedParamsTest, ReadsRecordsInSpecOrder) {
  OAR_ASSERT_OK_AND_ASSIGN(auto w, Read(bytes_));
  EXPECT_TRUE(oar::testing::TensorsNear(w.at("a"), a_, 0, 0));
  EXPECT_TRUE(oar::testing::TensorsNear(w.at("b"), b_, 0, 0));
}

TEST_F(CombinedParamsTest, TruncatedNamesVariableAndBytes) {
  auto w = Read(bytes_.substr(0, bytes_.size() - 4));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), ErrorCode::kInvalidGraph);
  const std::string& m = w.status().message();
  EXPECT_NE(m.find("variable 'b' (record 2 of 2)"), std::string::npos) << m;
  EXPECT_NE(m.find("expected 16 bytes, only 12 available"), std::string::npos) << m;
  EXPECT_NE(m.find(path_), std::string::npos) << m;
}

TEST_F(CombinedParamsTest, TrailingBytesAreAnError) {
  auto w = Read(bytes_ + "xyz");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("has 3 trailing bytes after the last of 2 records ('b')"), std::string::npos)
      << w.status().message();
}

TEST_F(CombinedParamsTest, WrongOrderIsAShapeMismatch) {
  auto w = Read(Record(b_) + Record(a_));
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("variable 'a' (record 1 of 2): expected f32[3] (declared in the program), "
                                      "got f32[2,2]"),
            std::string::npos)
      << w.status().message();
}

TEST_F(CombinedParamsTest, MissingFileIsNotFound) {
  auto w = ReadCombinedParams(dir_ + "/none", specs_);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), ErrorCode::kNotFound);
}

TEST(SeparateParamsTest, ReadsOneFilePerVariableAndChecksEach) {
  std::string dir = testing::FreshDir("separate_params");
  Tensor a = oar::testing::RandomTensor(Shape({5}), 21);
  ProgramBuilder::WriteFile(dir + "/conv1.w_0", Record(a));
  std::vector<WeightSpec> specs = {Spec("conv1.w_0", DType::kFloat32, {5})};
  OAR_ASSERT_OK_AND_ASSIGN(auto w, ReadSeparateParams(dir, specs));
  EXPECT_TRUE(oar::testing::TensorsNear(w.at("conv1.w_0"), a, 0, 0));

  ProgramBuilder::WriteFile(dir + "/conv1.w_0", Record(a) + "!");
  auto trailing = ReadSeparateParams(dir, specs);
  ASSERT_FALSE(trailing.ok());
  EXPECT_NE(trailing.status().message().find("(variable 'conv1.w_0') has 1 trailing bytes"), std::string::npos)
      << trailing.status().message();

  specs.push_back(Spec("gone", DType::kFloat32, {1}));
  ProgramBuilder::WriteFile(dir + "/conv1.w_0", Record(a));
  auto missing = ReadSeparateParams(dir, specs);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.status().message().find("variable 'gone'"), std::string::npos);
  EXPECT_NE(missing.status().message().find(dir + "/gone"), std::string::npos);
}

}  // namespace
}  // namespace oar::frontends::paddle
