#include "frontends/paddle/model_files.h"

#include <filesystem>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

using testing::ProgramBuilder;

void Touch(const std::string& path) { ProgramBuilder::WriteFile(path, "x"); }

TEST(ModelFilesTest, PrefersInferencePdmodelAndItsParams) {
  std::string dir = testing::FreshDir("mf_inference");
  Touch(dir + "/inference.pdmodel");
  Touch(dir + "/inference.pdiparams");
  Touch(dir + "/__model__");
  OAR_ASSERT_OK_AND_ASSIGN(ModelFiles f, ResolveModelPath(dir));
  EXPECT_EQ(f.graph_path, dir + "/inference.pdmodel");
  EXPECT_EQ(f.params_path, dir + "/inference.pdiparams");
  EXPECT_EQ(f.separate_dir, "");
}

TEST(ModelFilesTest, SinglePdmodelWithAnyStem) {
  std::string dir = testing::FreshDir("mf_stem");
  Touch(dir + "/ch_cls.pdmodel");
  Touch(dir + "/ch_cls.pdiparams");
  OAR_ASSERT_OK_AND_ASSIGN(ModelFiles f, ResolveModelPath(dir));
  EXPECT_EQ(f.graph_path, dir + "/ch_cls.pdmodel");
  EXPECT_EQ(f.params_path, dir + "/ch_cls.pdiparams");
}

TEST(ModelFilesTest, SeveralPdmodelsNeedAChoice) {
  std::string dir = testing::FreshDir("mf_two");
  Touch(dir + "/a.pdmodel");
  Touch(dir + "/b.pdmodel");
  auto f = ResolveModelPath(dir);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(f.status().message().find("a.pdmodel, b.pdmodel"), std::string::npos) << f.status().message();
  OAR_ASSERT_OK_AND_ASSIGN(ModelFiles g, ResolveModelPath(dir + "/b.pdmodel"));
  EXPECT_EQ(g.graph_path, dir + "/b.pdmodel");
  EXPECT_EQ(g.params_path, "");
  EXPECT_EQ(g.separate_dir, "");  // *.pdmodel graphs never use the separate layout
}

TEST(ModelFilesTest, LegacyNames) {
  std::string dir = testing::FreshDir("mf_legacy");
  Touch(dir + "/__model__");
  Touch(dir + "/__params__");
  OAR_ASSERT_OK_AND_ASSIGN(ModelFiles f, ResolveModelPath(dir));
  EXPECT_EQ(f.graph_path, dir + "/__model__");
  EXPECT_EQ(f.params_path, dir + "/__params__");

  std::string dir2 = testing::FreshDir("mf_model_params");
  Touch(dir2 + "/model");
  Touch(dir2 + "/params");
  OAR_ASSERT_OK_AND_ASSIGN(ModelFiles g, ResolveModelPath(dir2));
  EXPECT_EQ(g.graph_path, dir2 + "/model");
  EXPECT_EQ(g.params_path, dir2 + "/params");
}

TEST(ModelFilesTest, ModelWithAPdiparamsFile) {
  std::string dir = testing::FreshDir("mf_model_pdiparams");
  Touch(dir + "/__model__");
  Touch(dir + "/weights.pdiparams");
  OAR_ASSERT_OK_AND_ASSIGN(ModelFiles f, ResolveModelPath(dir));
  EXPECT_EQ(f.params_path, dir + "/weights.pdiparams");
}

TEST(ModelFilesTest, SeparateLayoutWhenNoParamsFile) {
  std::string dir = testing::FreshDir("mf_separate");
  Touch(dir + "/__model__");
  Touch(dir + "/fc_0.w_0");
  OAR_ASSERT_OK_AND_ASSIGN(ModelFiles f, ResolveModelPath(dir));
  EXPECT_EQ(f.graph_path, dir + "/__model__");
  EXPECT_EQ(f.params_path, "");
  EXPECT_EQ(f.separate_dir, dir);
  OAR_ASSERT_OK_AND_ASSIGN(ModelFiles g, ResolveModelPath(dir + "/__model__"));
  EXPECT_EQ(g.separate_dir, dir);
}

TEST(ModelFilesTest, ExplicitParamsWinsAndMustExist) {
  std::string dir = testing::FreshDir("mf_explicit");
  Touch(dir + "/inference.pdmodel");
  Touch(dir + "/inference.pdiparams");
  Touch(dir + "/other.bin");
  OAR_ASSERT_OK_AND_ASSIGN(ModelFiles f, ResolveModelPath(dir, dir + "/other.bin"));
  EXPECT_EQ(f.params_path, dir + "/other.bin");
  auto missing = ResolveModelPath(dir, dir + "/nope.bin");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nope.bin"), std::string::npos);
}

TEST(ModelFilesTest, MissingPathsAndEmptyDirs) {
  auto none = ResolveModelPath(oar::testing::TempDir() + "/does_not_exist");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(none.status().message().find("does_not_exist' does not exist"), std::string::npos);
  EXPECT_NE(none.status().message().find("__model__"), std::string::npos);

  std::string dir = testing::FreshDir("mf_empty");
  auto empty = ResolveModelPath(dir);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(empty.status().message().find("no Paddle graph file in model directory"), std::string::npos);

  EXPECT_EQ(ResolveModelPath("").status().code(), ErrorCode::kNotFound);
}

TEST(ModelFilesTest, ParamsFileGivenAsModelPath) {
  std::string dir = testing::FreshDir("mf_params_as_model");
  Touch(dir + "/inference.pdiparams");
  auto f = ResolveModelPath(dir + "/inference.pdiparams");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(f.status().message().find("is a params file"), std::string::npos);
}

TEST(ModelFilesTest, PirJsonIsUnsupported) {
  std::string dir = testing::FreshDir("mf_pir");
  Touch(dir + "/inference.json");
  Touch(dir + "/inference.pdiparams");
  auto f = ResolveModelPath(dir);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), ErrorCode::kUnsupported);
  EXPECT_NE(f.status().message().find("PIR JSON"), std::string::npos);
}

}  // namespace
}  // namespace oar::frontends::paddle
