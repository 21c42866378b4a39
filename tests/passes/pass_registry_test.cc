// The pass registry: every built-in pass is registered with its info; unknown names fail with
// the list of known ones; a private registry takes custom passes; duplicates abort.
#include <gtest/gtest.h>

#include "passes/pass.h"
#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using passes::PassRegistry;

TEST(PassRegistry, HoldsEveryBuiltInPass) {
  const PassRegistry& r = PassRegistry::Global();
  const std::vector<std::string> expected = {"constant_folding", "conv_bias_act_fuse",
                                             "conv_bn_fuse",     "dead_code_elimination",
                                             "fc_fuse",          "identity_elimination"};
  for (const std::string& name : expected) {
    const passes::PassInfo* info = r.Find(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_EQ(info->name, name);
    EXPECT_FALSE(info->summary.empty());
    OAR_ASSERT_OK_AND_ASSIGN(auto pass, r.Create(name, passes::PassOptions{}));
    EXPECT_EQ(pass->info().name, name);
  }
  EXPECT_EQ(r.Find("conv_bn_fuse")->opt_level, 2);
  EXPECT_EQ(r.Find("dead_code_elimination")->opt_level, 1);
}

TEST(PassRegistry, UnknownNameListsTheRegisteredOnes) {
  auto pass = PassRegistry::Global().Create("conv_bn_fusion", passes::PassOptions{});
  ASSERT_FALSE(pass.ok());
  EXPECT_EQ(pass.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(pass.status().message().find("unknown pass 'conv_bn_fusion'"), std::string::npos);
  EXPECT_NE(pass.status().message().find("conv_bn_fuse"), std::string::npos) << pass.status().message();
}

class CountingPass final : public passes::Pass {
 public:
  explicit CountingPass(const passes::PassOptions&) {}
  static const passes::PassInfo& Info() {
    static const passes::PassInfo info{"counting", 1, "counts live nodes, changes nothing"};
    return info;
  }
  const passes::PassInfo& info() const override { return Info(); }
  StatusOr<int> Run(ir::Graph& graph) override {
    seen = static_cast<int>(graph.LiveNodes().size());
    return 0;
  }
  int seen = -1;
};

}  // namespace
}  // namespace oar::testing

namespace oar::passes {
using ::oar::testing::CountingPass;
OAR_REGISTER_PASS(CountingPass)
}  // namespace oar::passes

namespace oar::testing {
namespace {

TEST(PassRegistry, RegisterMacroAddsAFactoryToAPrivateRegistry) {
  PassRegistry r;
  EXPECT_EQ(r.Find("counting"), nullptr);
  passes::RegisterCountingPass(r);
  ASSERT_NE(r.Find("counting"), nullptr);
  EXPECT_EQ(r.Names(), std::vector<std::string>{"counting"});
  OAR_ASSERT_OK_AND_ASSIGN(auto pass, r.Create("counting", passes::PassOptions{}));
  ir::Graph g;
  OAR_ASSERT_OK_AND_ASSIGN(int rewrites, pass->Run(g));
  EXPECT_EQ(rewrites, 0);
  EXPECT_EQ(static_cast<CountingPass*>(pass.get())->seen, 0);
}

TEST(PassRegistryDeathTest, DuplicateNameAborts) {
  PassRegistry r;
  passes::RegisterCountingPass(r);
  EXPECT_DEATH(passes::RegisterCountingPass(r), "registered twice");
}

}  // namespace
}  // namespace oar::testing
