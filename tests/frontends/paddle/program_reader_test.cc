#include "frontends/paddle/program_reader.h"

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

using testing::ProgramBuilder;

TEST(ProgramReaderTest, ParsesWhatItWasGiven) {
  ProgramBuilder b;
  b.Feed("x", {-1, 3, 8, 8});
  b.Fetch("x");
  b.program().mutable_version()->set_version(2004000);
  OAR_ASSERT_OK_AND_ASSIGN(proto::ProgramDesc p, ParseProgram(b.program().SerializeAsString(), "mem"));
  ASSERT_EQ(p.blocks_size(), 1);
  EXPECT_EQ(p.version().version(), 2004000);
  EXPECT_EQ(p.blocks(0).ops_size(), 2);
}

TEST(ProgramReaderTest, RejectsEmptyGarbageAndBlocklessPrograms) {
  auto empty = ParseProgram("", "a.pdmodel");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), ErrorCode::kInvalidGraph);
  EXPECT_NE(empty.status().message().find("cannot parse ProgramDesc from 'a.pdmodel'"), std::string::npos);
  EXPECT_NE(empty.status().message().find("empty"), std::string::npos);

  auto garbage = ParseProgram(std::string("\xff\xff\xff\xff\x0f garbage", 14), "g");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.status().message().find("cannot parse ProgramDesc"), std::string::npos);
  EXPECT_NE(garbage.status().message().find("14 bytes"), std::string::npos) << garbage.status().message();

  proto::ProgramDesc no_blocks;
  no_blocks.mutable_version()->set_version(1);
  auto blockless = ParseProgram(no_blocks.SerializeAsString(), "v");
  ASSERT_FALSE(blockless.ok());
  EXPECT_NE(blockless.status().message().find("no blocks"), std::string::npos);
}

TEST(ProgramReaderTest, RejectsBlockAttributeOutOfRange) {
  ProgramBuilder b;
  b.Op("while").Block("sub_block", 3);
  auto p = ParseProgram(b.program().SerializeAsString(), "w");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("op 'while' in block 0 refers to a block index outside [0, 1)"),
            std::string::npos)
      << p.status().message();
}

TEST(ProgramReaderTest, ReadProgramMissingFileIsNotFound) {
  auto p = ReadProgram(oar::testing::TempDir() + "/missing.pdmodel");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(p.status().message().find("missing.pdmodel"), std::string::npos);
}

TEST(ProgramReaderTest, DTypeCodes) {
  struct Case {
    int code;
    DType dtype;
  };
  for (Case c : {Case{0, DType::kBool}, Case{1, DType::kInt16}, Case{2, DType::kInt32}, Case{3, DType::kInt64},
                 Case{4, DType::kFloat16}, Case{5, DType::kFloat32}, Case{6, DType::kFloat64}, Case{20, DType::kUInt8},
                 Case{21, DType::kInt8}, Case{22, DType::kBFloat16}}) {
    DType d;
    ASSERT_TRUE(PaddleDTypeToDType(c.code, &d)) << c.code;
    EXPECT_EQ(d, c.dtype) << c.code;
  }
  DType d;
  EXPECT_FALSE(PaddleDTypeToDType(7, &d));   // LOD_TENSOR is not an element type
  EXPECT_FALSE(PaddleDTypeToDType(19, &d));  // SIZE_T
  EXPECT_FALSE(PaddleDTypeToDType(23, &d));  // COMPLEX64
  EXPECT_EQ(PaddleTypeName(5), "FP32");
  EXPECT_EQ(PaddleTypeName(27), "VOCAB");
  EXPECT_EQ(PaddleTypeName(16), "FETCH_VAR_LIST");
  EXPECT_EQ(PaddleTypeName(99), "type 99");
}

TEST(ProgramReaderTest, FeedsAndFetchesFollowCol) {
  ProgramBuilder b;
  b.Feed("c", {-1, 2}, 2);
  b.Feed("a", {-1, 3, 4}, 0, testing::kInt64);
  b.Feed("b", {5}, 1);
  b.Fetch("b", 1);
  b.Fetch("a", 0);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<IoVar> feeds, CollectFeeds(b.program().blocks(0)));
  ASSERT_EQ(feeds.size(), 3u);
  EXPECT_EQ(feeds[0].name, "a");
  EXPECT_EQ(feeds[0].dtype, DType::kInt64);
  EXPECT_EQ(feeds[0].dims, (std::vector<int64_t>{-1, 3, 4}));
  EXPECT_EQ(feeds[1].name, "b");
  EXPECT_EQ(feeds[2].name, "c");
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<IoVar> fetches, CollectFetches(b.program().blocks(0)));
  ASSERT_EQ(fetches.size(), 2u);
  EXPECT_EQ(fetches[0].name, "a");
  EXPECT_EQ(fetches[1].name, "b");
}

TEST(ProgramReaderTest, DuplicateOrMissingColIsAnError) {
  ProgramBuilder dup;
  dup.Feed("a", {1}, 0);
  dup.Feed("b", {1}, 0);
  auto feeds = CollectFeeds(dup.program().blocks(0));
  ASSERT_FALSE(feeds.ok());
  EXPECT_NE(feeds.status().message().find("two 'feed' ops use col 0 ('a' and 'b')"), std::string::npos)
      << feeds.status().message();

  ProgramBuilder nocol;
  nocol.Var("a", testing::kFp32, {1});
  nocol.Op("fetch").In("X", {"a"}).Out("Out", {"fetch"});
  auto fetches = CollectFetches(nocol.program().blocks(0));
  ASSERT_FALSE(fetches.ok());
  EXPECT_NE(fetches.status().message().find("'col'"), std::string::npos);
}

TEST(ProgramReaderTest, WeightSpecsAreSortedAndSkipHolders) {
  ProgramBuilder b;
  b.Weight("zeta", oar::testing::RandomTensor(Shape({2}), 1));
  b.Weight("Alpha", oar::testing::RandomTensor(Shape({3, 1}), 2));
  b.Weight("alpha", Tensor(DType::kInt64, Shape({4})));
  b.Var("activation", testing::kFp32, {-1, 2});  // not persistable
  auto* raw = b.block()->add_vars();
  raw->set_name("@counter@");
  raw->set_persistable(true);
  raw->mutable_type()->set_type(proto::VarType::RAW);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<WeightSpec> specs, CollectWeightSpecs(b.program()));
  ASSERT_EQ(specs.size(), 3u);        // feed/fetch holders and RAW skipped
  EXPECT_EQ(specs[0].name, "Alpha");  // byte-wise: upper case first
  EXPECT_EQ(specs[1].name, "alpha");
  EXPECT_EQ(specs[1].dtype, DType::kInt64);
  EXPECT_EQ(specs[2].name, "zeta");
  EXPECT_EQ(specs[0].dims, (std::vector<int64_t>{3, 1}));
}

TEST(ProgramReaderTest, NonTensorPersistableIsUnsupported) {
  ProgramBuilder b;
  auto* v = b.block()->add_vars();
  v->set_name("rows");
  v->set_persistable(true);
  v->mutable_type()->set_type(proto::VarType::SELECTED_ROWS);
  auto specs = CollectWeightSpecs(b.program());
  ASSERT_FALSE(specs.ok());
  EXPECT_EQ(specs.status().code(), ErrorCode::kUnsupported);
  EXPECT_NE(specs.status().message().find("'rows' has type SELECTED_ROWS"), std::string::npos)
      << specs.status().message();

  ProgramBuilder complex;
  complex.Var("c", 23, {2}, true);
  auto cspecs = CollectWeightSpecs(complex.program());
  ASSERT_FALSE(cspecs.ok());
  EXPECT_NE(cspecs.status().message().find("COMPLEX64"), std::string::npos) << cspecs.status().message();
}

TEST(ProgramReaderTest, SubBlockAndDenseInfo) {
  ProgramBuilder b;
  testing::OpBuilder w = b.Op("while");
  w.Block("sub_block", 0);
  EXPECT_TRUE(HasSubBlock(*w.op()));
  testing::OpBuilder r = b.Op("relu");
  r.Bool("use_mkldnn", false);
  EXPECT_FALSE(HasSubBlock(*r.op()));

  DType dt;
  std::vector<int64_t> dims;
  EXPECT_TRUE(DenseTensorInfo(*b.Var("v", testing::kFp16, {-1, 7}), &dt, &dims));
  EXPECT_EQ(dt, DType::kFloat16);
  EXPECT_EQ(dims, (std::vector<int64_t>{-1, 7}));
  EXPECT_FALSE(DenseTensorInfo(b.program().blocks(0).vars(0), &dt, &dims));  // the feed holder
}

}  // namespace
}  // namespace oar::frontends::paddle
