// Tests of the timing cache: signatures separate attrs/shapes/devices, text round trip, merge,
// and bad input errors.
#include "engine/timing_cache.h"

#include <gmock/gmock.h>

#include "engine_test_util.h"

namespace oar::engine {
namespace {

using ::testing::HasSubstr;

TEST(TimingCacheTest, SignatureSeparatesAttrsShapesAndDevice) {
  ir::Graph g = testing::SmallConvNet(2);
  const ir::Node& c0 = g.node(0);
  const ir::Node& c1 = g.node(2);
  std::vector<DType> dt{DType::kFloat32, DType::kFloat32, DType::kFloat32};
  std::string a = LayerSignature(c0, dt, {Shape{2, 3, 9, 11}, Shape{8, 3, 3, 3}, Shape{8}}, "dev1");
  EXPECT_THAT(a, HasSubstr("conv2d"));
  EXPECT_THAT(a, HasSubstr("[2,3,9,11]"));
  EXPECT_THAT(a, HasSubstr("@dev1"));
  EXPECT_NE(a, LayerSignature(c0, dt, {Shape{3, 3, 9, 11}, Shape{8, 3, 3, 3}, Shape{8}}, "dev1"));
  EXPECT_NE(a, LayerSignature(c0, dt, {Shape{2, 3, 9, 11}, Shape{8, 3, 3, 3}, Shape{8}}, "dev2"));
  EXPECT_NE(a, LayerSignature(c1, dt, {Shape{2, 3, 9, 11}, Shape{8, 3, 3, 3}, Shape{8}}, "dev1"));  // attrs differ
}

TEST(TimingCacheTest, RecordLookupSerializeMerge) {
  TimingCache c;
  c.Record("conv2d {a} (f32[1,3])", "ref", 1.25);
  c.Record("conv2d {a} (f32[1,3])", "onednn", 0.5);
  c.Record("relu  (f32[7])", "ref", 0.03125);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(*c.Lookup("conv2d {a} (f32[1,3])", "onednn"), 0.5);
  EXPECT_FALSE(c.Lookup("conv2d {a} (f32[1,3])", "avx512").has_value());
  EXPECT_EQ(c.TacticsOf("conv2d {a} (f32[1,3])").size(), 2u);
  OAR_ASSERT_OK_AND_ASSIGN(TimingCache back, TimingCache::Deserialize(c.Serialize()));
  EXPECT_EQ(back.size(), 3u);
  EXPECT_EQ(*back.Lookup("relu  (f32[7])", "ref"), 0.03125);
  TimingCache other;
  other.Record("relu  (f32[7])", "ref", 9.0);
  other.Record("sigmoid (f32[7])", "ref", 0.1);
  back.Merge(other);
  EXPECT_EQ(back.size(), 4u);
  EXPECT_EQ(*back.Lookup("relu  (f32[7])", "ref"), 0.03125);  // existing entries win
}

TEST(TimingCacheTest, BadTextIsAnError) {
  auto h = TimingCache::Deserialize("nope\n");
  ASSERT_FALSE(h.ok());
  EXPECT_THAT(h.status().message(), HasSubstr("expected header 'OARTC 1'"));
  auto l = TimingCache::Deserialize("OARTC 1\n1.5\tref\tsig\nabc\tref\n");
  ASSERT_FALSE(l.ok());
  EXPECT_THAT(l.status().message(), HasSubstr("line 3"));
}

}  // namespace
}  // namespace oar::engine
