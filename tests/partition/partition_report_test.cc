#include "partition/partition_report.h"

#include <sstream>

#include "ir/dot_export.h"
#include "partition/partition_test_util.h"

namespace oar::partition {
namespace {

using ir::OpKind;
using ::testing::HasSubstr;
using ::testing::Not;

PartitionReport SampleReport() {
  PartitionReport r;
  r.backend = "cpu";
  r.min_subgraph_size = 3;
  EngineGroupReport g0;
  g0.engine_node = "cpu_engine_0";
  g0.members = {{"conv_0", OpKind::kConv2d},
                {"bn_0", OpKind::kBatchNorm},
                {"relu_0", OpKind::kRelu},
                {"conv_1", OpKind::kConv2d}};
  g0.inputs = {"image"};
  g0.outputs = {"relu_0.out", "conv_1.out"};
  EngineGroupReport g1;
  g1.engine_node = "cpu_engine_1";
  g1.members = {{"fc", OpKind::kMatMul}, {"act", OpKind::kRelu}, {"sm", OpKind::kSoftmax}};
  g1.inputs = {"pooled"};
  g1.outputs = {"prob"};
  r.groups = {g0, g1};
  r.native = {{"pool", OpKind::kPool2d, "not supported by backend cpu: no CPU engine layer for pool2d"},
              {"argmax", OpKind::kArgMax, "denied by the user (DisableEngineOps)"},
              {"tail", OpKind::kRelu, "group of 1 node is below min_subgraph_size 3"}};
  return r;
}

TEST(PartitionReportTest, CountsOps) {
  PartitionReport r = SampleReport();
  EXPECT_EQ(r.num_engine_ops(), 7);
  EXPECT_EQ(r.num_ops(), 10);
  EXPECT_EQ(PartitionReport{}.num_ops(), 0);
}

TEST(PartitionReportTest, FormatListsGroupsNativeReasonsAndTotals) {
  std::string text = FormatPartitionReport(SampleReport());
  EXPECT_THAT(text, HasSubstr("engine partition (backend cpu, min_subgraph_size 3): 2 engine subgraphs take 7 of 10 "
                              "ops; 3 ops run natively\n"));
  EXPECT_THAT(text, HasSubstr("engine subgraph 'cpu_engine_0': 4 ops (conv2d x2, batch_norm x1, relu x1)\n"));
  EXPECT_THAT(text, HasSubstr("  inputs:  image\n  outputs: relu_0.out, conv_1.out\n"));
  EXPECT_THAT(text, HasSubstr("  ops:     conv_0 (conv2d), bn_0 (batch_norm), relu_0 (relu), conv_1 (conv2d)\n"));
  EXPECT_THAT(text, HasSubstr("engine subgraph 'cpu_engine_1': 3 ops (matmul x1, relu x1, softmax x1)\n"));
  EXPECT_THAT(text, HasSubstr("native ops (3):\n"
                              "  pool (pool2d): not supported by backend cpu: no CPU engine layer for pool2d\n"
                              "  argmax (arg_max): denied by the user (DisableEngineOps)\n"
                              "  tail (relu): group of 1 node is below min_subgraph_size 3\n"));
  EXPECT_THAT(text, HasSubstr("totals: 7 ops in 2 engine subgraphs (70.0% of 10), 3 native ops (below "
                              "min_subgraph_size: 1, denied by the user: 1, not supported: 1)\n"));
}

TEST(PartitionReportTest, FormatSingularsAndEmptyParts) {
  PartitionReport r;
  r.backend = "cpu";
  r.min_subgraph_size = 1;
  EngineGroupReport g;
  g.engine_node = "cpu_engine_0";
  g.members = {{"only", OpKind::kRelu}};
  g.inputs = {"x"};
  r.groups = {g};
  std::string text = FormatPartitionReport(r);
  EXPECT_THAT(text, HasSubstr("1 engine subgraph takes 1 of 1 op; 0 ops run natively"));
  EXPECT_THAT(text, HasSubstr("'cpu_engine_0': 1 op (relu x1)"));
  EXPECT_THAT(text, HasSubstr("  outputs: (none)\n"));
  EXPECT_THAT(text, Not(HasSubstr("native ops (")));
  EXPECT_THAT(text, HasSubstr("totals: 1 op in 1 engine subgraph (100.0% of 1), 0 native ops\n"));
}

TEST(PartitionReportTest, LongOpListsWrap) {
  PartitionReport r;
  EngineGroupReport g;
  g.engine_node = "e";
  for (int i = 0; i < 40; ++i) g.members.push_back({"conv2d_block_" + std::to_string(i), OpKind::kConv2d});
  r.groups = {g};
  std::string text = FormatPartitionReport(r);
  size_t start = text.find("  ops:");
  ASSERT_NE(start, std::string::npos);
  std::istringstream lines(text.substr(start));
  std::string line;
  int n = 0;
  while (std::getline(lines, line) && !line.empty()) {
    EXPECT_LE(line.size(), 112u) << line;
    EXPECT_EQ(line.rfind(n == 0 ? "  ops:     " : "           ", 0), 0u) << line;
    ++n;
  }
  EXPECT_GT(n, 5);
  EXPECT_THAT(text, HasSubstr("conv2d_block_39 (conv2d)\n"));
}

TEST(PartitionReportTest, HighlightColoursEngineAndNativeNodes) {
  auto colours = PartitionHighlight(SampleReport());
  EXPECT_EQ(colours.size(), 10u);
  EXPECT_EQ(colours.at("bn_0"), ir::kDotEngineColour);
  EXPECT_EQ(colours.at("sm"), ir::kDotEngineColour);
  EXPECT_EQ(colours.at("pool"), ir::kDotNativeColour);
  EXPECT_EQ(colours.at("tail"), ir::kDotNativeColour);
}

}  // namespace
}  // namespace oar::partition
