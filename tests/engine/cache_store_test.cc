// Tests of the plan cache directory: loads instead of builds, rebuilds (and overwrites) corrupt,
// truncated, foreign-version and foreign-device files, and keys that follow the weights.
#include "engine/cache_store.h"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/builder.h"
#include "engine/device_signature.h"
#include "engine_test_util.h"
#include "ir/serialize.h"

namespace oar::engine {
namespace {

std::string FreshDir(const std::string& name) {
  std::string dir = oar::testing::TempDir() + "/cache_store_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

struct Counter {
  ir::Graph graph = testing::SmallConvNet(2);
  BuilderConfig config;
  int builds = 0;
  std::function<StatusOr<Plan>()> fn() {
    return [this]() -> StatusOr<Plan> {
      ++builds;
      return Build(graph, config);
    };
  }
  std::string key() const { return PlanCacheKey(graph, config, CpuDeviceSignature()); }
};

TEST(CacheStoreTest, SecondLoadUsesTheFile) {
  Counter c;
  CacheStore store(FreshDir("second"));
  OAR_ASSERT_OK_AND_ASSIGN(CacheLookup first, store.LoadOrBuild(c.key(), c.fn()));
  EXPECT_FALSE(first.loaded);
  EXPECT_EQ(c.builds, 1);
  EXPECT_TRUE(std::filesystem::exists(store.PlanPath(c.key())));
  EXPECT_TRUE(std::filesystem::exists(store.dir() + "/.lock"));
  OAR_ASSERT_OK_AND_ASSIGN(CacheLookup second, store.LoadOrBuild(c.key(), c.fn()));
  EXPECT_TRUE(second.loaded);
  EXPECT_EQ(c.builds, 1);
  EXPECT_EQ(second.plan.Serialize(), first.plan.Serialize());
  // No temp files are left behind.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(store.dir())) files += e.path().extension() == ".plan";
  EXPECT_EQ(files, 1);
}

TEST(CacheStoreTest, CorruptTruncatedAndForeignFilesAreRebuilt) {
  Counter c;
  CacheStore store(FreshDir("bad"));
  OAR_ASSERT_OK(store.LoadOrBuild(c.key(), c.fn()).status());
  const std::string path = store.PlanPath(c.key());
  const std::string good = ReadAll(path);
  ASSERT_GT(good.size(), 100u);
  int expected_builds = 1;

  std::string flipped = good;
  flipped[good.size() / 2] = static_cast<char>(flipped[good.size() / 2] ^ 0x5a);
  WriteAll(path, flipped);
  auto corrupt = store.Load(c.key());
  ASSERT_FALSE(corrupt.ok());
  EXPECT_THAT(corrupt.status().message(), ::testing::HasSubstr("checksum mismatch"));

  std::vector<std::string> bad_files = {flipped, good.substr(0, good.size() - 7), good.substr(0, good.size() / 3), ""};
  {
    // A well-formed file from another oar version and one from another device.
    OAR_ASSERT_OK_AND_ASSIGN(Plan plan, Build(c.graph, c.config));
    PlanData v = plan.data();
    v.oar_version = "0.0.0-other";
    PlanData d = plan.data();
    d.device_signature = "cpu;vendor=Other;isa=;onednn=off";
    CacheStore scratch(FreshDir("scratch"));
    OAR_ASSERT_OK(scratch.Store("v", Plan(v)));
    OAR_ASSERT_OK(scratch.Store("d", Plan(d)));
    bad_files.push_back(ReadAll(scratch.PlanPath("v")));
    bad_files.push_back(ReadAll(scratch.PlanPath("d")));
    auto ver = scratch.Load("v");
    EXPECT_EQ(ver.status().code(), ErrorCode::kVersionMismatch);
    auto dev = scratch.Load("d");
    EXPECT_EQ(dev.status().code(), ErrorCode::kVersionMismatch);
  }
  for (size_t i = 0; i < bad_files.size(); ++i) {
    WriteAll(path, bad_files[i]);
    OAR_ASSERT_OK_AND_ASSIGN(CacheLookup r, store.LoadOrBuild(c.key(), c.fn()));
    EXPECT_FALSE(r.loaded) << "bad file #" << i;
    EXPECT_EQ(c.builds, ++expected_builds) << "bad file #" << i;
    // Rebuilt and overwritten: the next lookup loads.
    OAR_ASSERT_OK_AND_ASSIGN(CacheLookup again, store.LoadOrBuild(c.key(), c.fn()));
    EXPECT_TRUE(again.loaded) << "bad file #" << i;
    EXPECT_EQ(c.builds, expected_builds);
  }
}

TEST(CacheStoreTest, KeysFollowWeightsProfilesAndPrecisionButNotNames) {
  BuilderConfig cfg;
  const std::string dev = CpuDeviceSignature();
  std::string a = PlanCacheKey(testing::SmallConvNet(2, 7), cfg, dev);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a, PlanCacheKey(testing::SmallConvNet(2, 7), cfg, dev));
  EXPECT_NE(a, PlanCacheKey(testing::SmallConvNet(2, 8), cfg, dev));  // same architecture, other weights
  EXPECT_NE(a, PlanCacheKey(testing::SmallConvNet(2, 7), cfg, "cpu;vendor=Other"));
  BuilderConfig fp16 = cfg;
  fp16.precision = Precision::kFp16;
  EXPECT_NE(a, PlanCacheKey(testing::SmallConvNet(2, 7), fp16, dev));
  BuilderConfig prof = cfg;
  OAR_ASSERT_OK(prof.profile.Add("x", Shape{1, 3, 9, 11}, Shape{2, 3, 9, 11}, Shape{2, 3, 9, 11}));
  EXPECT_NE(a, PlanCacheKey(testing::SmallConvNet(2, 7), prof, dev));
  EXPECT_NE(a, PlanCacheKey(testing::SmallConvNet(2, 7), cfg, dev, "calib-table-1"));
  ir::Graph renamed = testing::SmallConvNet(2, 7);
  renamed.mutable_node(0).name = "other_conv";
  EXPECT_EQ(a, PlanCacheKey(renamed, cfg, dev));
}

TEST(CacheStoreTest, TimingCacheFileRoundTrip) {
  CacheStore store(FreshDir("timing"));
  TimingCache t;
  t.Record("sig", "ref", 2.5);
  OAR_ASSERT_OK(store.StoreTimingCache(t));
  TimingCache back;
  store.LoadTimingCache(&back);
  EXPECT_EQ(*back.Lookup("sig", "ref"), 2.5);
  WriteAll(store.dir() + "/timing.cache", "garbage");
  TimingCache none;
  store.LoadTimingCache(&none);  // warns, keeps nothing
  EXPECT_EQ(none.size(), 0u);
}

}  // namespace
}  // namespace oar::engine
