// A real model through ir::SerializeGraph / DeserializeGraph: the decoded graph is the same
// graph (bytes and fingerprint) and runs to bit-identical outputs on the native executor.
// (Lives in the runtime suite because it needs the Paddle frontend and the CPU kernels.)
#include <cstring>

#include "frontends/paddle/paddle_loader.h"
#include "ir/serialize.h"
#include "ir/verifier.h"
#include "runtime/executor.h"
#include "test_util.h"

namespace oar::runtime {
namespace {

// Inputs for one image: random pixels, im_shape = the image size, scale_factor = 1.
std::vector<Tensor> Feeds(const ir::Graph& g) {
  std::vector<Tensor> feeds;
  for (ir::ValueId v : g.inputs()) {
    const ir::Value& val = g.value(v);
    Shape shape = val.shape;
    for (int i = 0; i < shape.rank(); ++i) shape[i] = shape[i] < 0 ? 1 : shape[i];
    if (val.name == "image") {
      feeds.push_back(testing::RandomTensor(shape, 77, -2.0f, 2.0f));
    } else {
      Tensor t(DType::kFloat32, shape);
      for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = val.name == "im_shape" ? 320.0f : 1.0f;
      feeds.push_back(t);
    }
  }
  return feeds;
}

StatusOr<std::vector<Tensor>> RunOnce(const ir::Graph& g, const std::vector<Tensor>& feeds) {
  ExecutorOptions options;
  OAR_ASSIGN_OR_RETURN(auto exec, Executor::Create(std::make_shared<const ir::Graph>(g), options));
  std::vector<Tensor> outs;
  OAR_RETURN_IF_ERROR(exec->Run(feeds, &outs));
  std::vector<Tensor> owned;
  for (const Tensor& t : outs) owned.push_back(t.Clone());
  return owned;
}

TEST(GraphSerializeRoundTripTest, PpyoloTinyRunsIdentically) {
  const std::string dir = testing::ModelDir("paddle-ppyolo-tiny-trash");
  if (dir.empty()) GTEST_SKIP() << "shared/models/paddle-ppyolo-tiny-trash is not available";
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, frontends::paddle::LoadModel(dir));

  const std::string bytes = ir::SerializeGraph(g);
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph back, ir::DeserializeGraph(bytes));
  OAR_ASSERT_OK(ir::VerifyGraph(back));
  EXPECT_EQ(ir::SerializeGraph(back), bytes);
  EXPECT_EQ(ir::GraphFingerprint(back), ir::GraphFingerprint(g));
  ASSERT_EQ(back.num_nodes(), g.num_nodes());
  ASSERT_EQ(back.inputs().size(), g.inputs().size());
  for (size_t i = 0; i < g.inputs().size(); ++i) {
    EXPECT_EQ(back.value(back.inputs()[i]).name, g.value(g.inputs()[i]).name);
  }

  const std::vector<Tensor> feeds = Feeds(g);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, RunOnce(g, feeds));
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, RunOnce(back, feeds));
  ASSERT_EQ(got.size(), want.size());
  ASSERT_FALSE(want.empty());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].Describe(), want[i].Describe()) << "output #" << i;
    EXPECT_EQ(std::memcmp(got[i].raw_data(), want[i].raw_data(), want[i].nbytes()), 0) << "output #" << i;
  }
  // The model detects something on this input (so the comparison above covered real numbers).
  EXPECT_GT(want[0].numel(), 0);
}

TEST(GraphSerializeRoundTripTest, ChangedWeightChangesFingerprintOfRealModel) {
  const std::string dir = testing::ModelDir("paddle-ppyolo-tiny-trash");
  if (dir.empty()) GTEST_SKIP() << "shared/models/paddle-ppyolo-tiny-trash is not available";
  OAR_ASSERT_OK_AND_ASSIGN(ir::Graph g, frontends::paddle::LoadModel(dir));
  const std::string before = ir::GraphFingerprint(g);
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    const ir::Value& val = g.value(v);
    if (!val.is_constant() || val.constant->dtype() != DType::kFloat32 || val.constant->numel() < 100) continue;
    Tensor w = val.constant->Clone();
    w.data<float>()[w.numel() / 2] += 0.5f;
    g.mutable_value(v).constant = std::make_shared<const Tensor>(w);
    break;
  }
  EXPECT_NE(ir::GraphFingerprint(g), before);
}

}  // namespace
}  // namespace oar::runtime
