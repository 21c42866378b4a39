// Tests of plan serialization: field-by-field round trip, foreign version / device errors,
// corrupt and truncated bytes.
#include "engine/plan.h"

#include <gmock/gmock.h>

#include "core/version.h"
#include "engine/builder.h"
#include "engine/device_signature.h"
#include "engine_test_util.h"
#include "ir/serialize.h"

namespace oar::engine {
namespace {

using ::testing::HasSubstr;

Plan BuildSmall() {
  BuilderConfig cfg;
  OAR_CHECK(cfg.profile.Add("x", Shape{1, 3, 9, 11}, Shape{2, 3, 9, 11}, Shape{4, 3, 9, 11}).ok());
  auto plan = Build(testing::SmallConvNet(), cfg);
  OAR_CHECK_MSG(plan.ok(), plan.status().ToString());
  return plan.value();
}

TEST(PlanTest, RoundTripKeepsEveryField) {
  Plan plan = BuildSmall();
  std::string bytes = plan.Serialize();
  EXPECT_EQ(bytes.substr(0, 4), "OARP");
  OAR_ASSERT_OK_AND_ASSIGN(Plan back, Plan::Deserialize(bytes));
  const PlanData& a = plan.data();
  const PlanData& b = back.data();
  EXPECT_EQ(b.oar_version, a.oar_version);
  EXPECT_EQ(b.device_signature, CpuDeviceSignature());
  EXPECT_EQ(b.backend, "cpu");
  EXPECT_EQ(b.runner, a.runner);
  EXPECT_EQ(b.backend_blob, a.backend_blob);
  EXPECT_EQ(b.precision, a.precision);
  EXPECT_EQ(b.workspace_size, a.workspace_size);
  EXPECT_EQ(b.max_batch_size, a.max_batch_size);
  EXPECT_EQ(b.profile, a.profile);
  ASSERT_EQ(b.layers.size(), a.layers.size());
  for (size_t i = 0; i < a.layers.size(); ++i) {
    EXPECT_EQ(b.layers[i].node, a.layers[i].node);
    EXPECT_EQ(b.layers[i].tactic, a.layers[i].tactic);
    EXPECT_EQ(b.layers[i].ms, a.layers[i].ms);
  }
  EXPECT_EQ(b.arena.total_bytes, a.arena.total_bytes);
  for (ir::ValueId v = 0; v < plan.subgraph().num_values(); ++v) {
    ir::ValueId bv = back.subgraph().FindValue(plan.subgraph().value(v).name);
    ASSERT_NE(bv, ir::kNoValue);
    EXPECT_EQ(b.arena.offsets[static_cast<size_t>(bv)], a.arena.offsets[static_cast<size_t>(v)]);
  }
  EXPECT_EQ(ir::GraphFingerprint(back.subgraph()), ir::GraphFingerprint(plan.subgraph()));
  EXPECT_EQ(back.Serialize(), bytes);
}

TEST(PlanTest, RunnerAndBackendBlobRoundTrip) {
  PlanData d = BuildSmall().data();
  d.runner = "onednn";
  d.backend_blob = std::string("\0\x01blob\xff", 7);
  OAR_ASSERT_OK_AND_ASSIGN(Plan back, Plan::Deserialize(Plan(d).Serialize()));
  EXPECT_EQ(back.data().runner, "onednn");
  EXPECT_EQ(back.data().backend_blob, d.backend_blob);
}

TEST(PlanTest, PlanOfAnUnknownBackendIsUnsupported) {
  PlanData d = BuildSmall().data();
  d.backend = "tpu";
  auto back = Plan::Deserialize(Plan(d).Serialize());
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), ErrorCode::kUnsupported);
  EXPECT_THAT(back.status().message(), HasSubstr("backend 'tpu' is not available"));
}

TEST(PlanTest, ForeignDeviceOrVersionIsAVersionMismatch) {
  Plan plan = BuildSmall();
  auto dev = Plan::Deserialize(plan.Serialize(), "cpu;vendor=Other;isa=sse4_2;onednn=off");
  ASSERT_FALSE(dev.ok());
  EXPECT_EQ(dev.status().code(), ErrorCode::kVersionMismatch);
  EXPECT_THAT(dev.status().message(), HasSubstr("built for device '" + CpuDeviceSignature() + "'"));
  EXPECT_THAT(dev.status().message(), HasSubstr("this device is 'cpu;vendor=Other;isa=sse4_2;onednn=off'"));

  PlanData old = plan.data();
  old.oar_version = "0.0.1-old";
  auto ver = Plan::Deserialize(Plan(old).Serialize());
  ASSERT_FALSE(ver.ok());
  EXPECT_EQ(ver.status().code(), ErrorCode::kVersionMismatch);
  EXPECT_THAT(ver.status().message(), HasSubstr("built by oar 0.0.1-old, this is oar " OAR_VERSION_STRING));

  PlanData fmt = plan.data();
  fmt.format_version = 99;
  auto f = Plan::Deserialize(Plan(fmt).Serialize());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), ErrorCode::kVersionMismatch);
  EXPECT_THAT(f.status().message(), HasSubstr("plan format version 99"));
}

TEST(PlanTest, CorruptAndTruncatedBytesAreErrors) {
  std::string bytes = BuildSmall().Serialize();
  auto magic = Plan::Deserialize("XXXX" + bytes.substr(4));
  ASSERT_FALSE(magic.ok());
  EXPECT_THAT(magic.status().message(), HasSubstr("expected magic 'OARP'"));
  for (size_t cut : {size_t{3}, size_t{10}, bytes.size() / 2, bytes.size() - 1}) {
    auto t = Plan::Deserialize(bytes.substr(0, cut));
    EXPECT_FALSE(t.ok()) << "cut at " << cut;
  }
  auto trailing = Plan::Deserialize(bytes + "x");
  EXPECT_FALSE(trailing.ok());
}

}  // namespace
}  // namespace oar::engine
