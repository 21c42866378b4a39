// The default pipeline on real Paddle models from shared/models (skipped when absent): the node
// count drops and the outputs match the unoptimised graph within 1e-4 on random inputs, with
// the reference kernels and with the default (oneDNN) ones.
#include <cstdio>
#include <map>

#include "frontends/paddle/paddle_loader.h"
#include "passes/pass_test_util.h"
#include "passes/pipelines.h"

namespace oar::testing {
namespace {

std::string KindHistogram(const ir::Graph& g) {
  std::map<std::string, int> counts;
  for (ir::NodeId id : g.LiveNodes()) ++counts[ir::OpKindName(g.node(id).kind)];
  std::string s;
  for (const auto& [k, n] : counts) s += (s.empty() ? "" : " ") + k + ":" + std::to_string(n);
  return s;
}

// Loads a model, optimises a copy, prints the counts and compares outputs (and logits) on
// `input_shapes`.
void CheckModel(const std::string& model, const std::vector<Shape>& input_shapes, uint64_t seed) {
  const std::string dir = ModelDir(model);
  if (dir.empty()) GTEST_SKIP() << "shared/models/" << model << " is not present";
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph original, frontends::paddle::LoadModel(dir));
  // Trained classifiers saturate their softmax on random inputs (outputs 0 and 1 that hide any
  // difference): also compare the logits, by making the softmax inputs graph outputs too.
  const size_t num_outputs = original.outputs().size();
  for (ir::NodeId id : original.LiveNodes()) {
    if (original.node(id).kind == ir::OpKind::kSoftmax) original.AddOutput(original.node(id).inputs[0]);
  }
  ASSERT_GT(original.outputs().size(), num_outputs) << "expected a softmax";
  ir::Graph g = original;
  passes::PipelineOptions options;
  options.passes = TestPassOptions();
  std::vector<passes::PassStats> stats;
  OAR_ASSERT_OK(passes::RunDefaultPipeline(g, options, &stats));
  const int before = CountLive(original), after = CountLive(g);
  std::printf("[ model ] %s: %d -> %d nodes\n  before: %s\n  after:  %s\n%s", model.c_str(), before, after,
              KindHistogram(original).c_str(), KindHistogram(g).c_str(), passes::FormatPassStats(stats).c_str());
  ::testing::Test::RecordProperty("nodes_before", before);
  ::testing::Test::RecordProperty("nodes_after", after);
  EXPECT_LT(after, before);
  EXPECT_EQ(CountKind(g, ir::OpKind::kBatchNorm), 0) << "every batch_norm follows a conv in these models";

  ASSERT_EQ(input_shapes.size(), original.inputs().size());
  std::vector<Tensor> inputs;
  for (size_t i = 0; i < input_shapes.size(); ++i) inputs.push_back(RandomTensor(input_shapes[i], seed + i));
  EXPECT_TRUE(SameOutputs(g, original, seed, 1e-4, inputs));
}

TEST(PipelinesOnModels, ResNetCifar10) { CheckModel("paddle-resnet-cifar10-separate", {Shape{2, 3, 32, 32}}, 11); }

TEST(PipelinesOnModels, PpocrClsV2) { CheckModel("paddle-ppocr-cls-v2.0", {Shape{2, 3, 48, 192}}, 21); }

}  // namespace
}  // namespace oar::testing
