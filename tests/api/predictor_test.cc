#include "oar/predictor.h"

#include <cmath>
#include <thread>

#include "oar/paddle_inference_api.h"
#include "test_util.h"

namespace oar::infer {
namespace {

std::string MnistDir() {
  std::string d = oar::testing::ModelDir("paddle-mnist-mlp-separate");
  return d;
}

std::vector<float> RandomImage(int n, uint64_t seed) {
  oar::Tensor t = oar::testing::RandomTensor({n, 1, 28, 28}, seed);
  return std::vector<float>(t.data<float>(), t.data<float>() + t.numel());
}

std::vector<float> RunOnce(Predictor& p, const std::vector<float>& img, int n) {
  auto in = p.GetInputHandle(p.GetInputNames()[0]);
  in->Reshape({n, 1, 28, 28});
  in->CopyFromCpu(img.data());
  EXPECT_TRUE(p.Run());
  auto out = p.GetOutputHandle(p.GetOutputNames()[0]);
  std::vector<int> shape = out->shape();
  EXPECT_EQ(shape, (std::vector<int>{n, 10}));
  std::vector<float> probs(static_cast<size_t>(n) * 10);
  out->CopyToCpu(probs.data());
  return probs;
}

TEST(PredictorTest, RunsAndClonesShareResults) {
  if (MnistDir().empty()) GTEST_SKIP() << "shared model paddle-mnist-mlp-separate not found";
  Config config(MnistDir());
  config.SwitchUseFeedFetchOps(false);
  config.EnableMemoryOptim();
  config.SetCpuMathLibraryNumThreads(2);
  auto p = CreatePredictor(config);
  ASSERT_EQ(p->GetInputNames(), (std::vector<std::string>{"image"}));
  auto specs = p->GetInputSpecs();
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].shape, (std::vector<int64_t>{-1, 1, 28, 28}));
  EXPECT_EQ(specs[0].dtype, DataType::FLOAT32);
  auto img = RandomImage(3, 5);
  auto ref = RunOnce(*p, img, 3);
  for (int r = 0; r < 3; ++r) {
    float sum = 0;
    for (int c = 0; c < 10; ++c) sum += ref[static_cast<size_t>(r * 10 + c)];
    EXPECT_NEAR(sum, 1.0f, 1e-5f);
  }
  // Clones run in parallel threads and agree with the original.
  std::vector<std::unique_ptr<Predictor>> clones;
  for (int i = 0; i < 3; ++i) clones.push_back(p->Clone());
  std::vector<std::vector<float>> results(clones.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < clones.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 5; ++k) results[i] = RunOnce(*clones[i], img, 3);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r, ref);
}

TEST(PredictorTest, OutputDataPointerIsZeroCopyAndTyped) {
  if (MnistDir().empty()) GTEST_SKIP() << "shared model paddle-mnist-mlp-separate not found";
  auto p = CreatePredictor(Config(MnistDir()));
  auto img = RandomImage(2, 9);
  std::vector<float> copied = RunOnce(*p, img, 2);
  auto out = p->GetOutputHandle(p->GetOutputNames()[0]);
  PlaceType place = PlaceType::kGPU;
  int64_t numel = -1;
  const float* data = out->data<float>(&place, &numel);
  EXPECT_EQ(place, PlaceType::kCPU);  // a CPU predictor's outputs live on the host
  ASSERT_EQ(numel, 20);
  EXPECT_EQ(std::vector<float>(data, data + numel), copied);
  EXPECT_EQ(out->RawData(nullptr, nullptr), static_cast<const void*>(data));
  try {
    out->data<int64_t>(&place, &numel);
    FAIL() << "expected a dtype error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("data<int64>, but the tensor holds float32"), std::string::npos) << e.what();
  }
}

TEST(PredictorTest, ErrorsNameInputExpectedAndActual) {
  if (MnistDir().empty()) GTEST_SKIP() << "shared model paddle-mnist-mlp-separate not found";
  auto p = CreatePredictor(Config(MnistDir()));
  try {
    p->Run();
    FAIL() << "Run without inputs must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("input 'image' was never set"), std::string::npos) << e.what();
  }
  auto in = p->GetInputHandle("image");
  in->Reshape({1, 1, 28, 27});
  std::vector<float> data(28 * 27, 0.5f);
  in->CopyFromCpu(data.data());
  try {
    p->Run();
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("input 'image': expected f32[?,1,28,28], got f32[1,1,28,27]"),
              std::string::npos)
        << e.what();
  }
  std::vector<int64_t> ints(28 * 28, 1);
  in->Reshape({1, 1, 28, 28});
  try {
    in->CopyFromCpu(ints.data());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("input 'image': expected dtype f32, got i64"), std::string::npos) << e.what();
  }
  // Reshape without a following CopyFromCpu: Run refuses instead of running stale data.
  in->Reshape({2, 1, 28, 28});
  try {
    p->Run();
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("input 'image': Reshape([2,1,28,28]) was not followed by CopyFromCpu()"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(p->GetInputHandle("nope"), Error);
  EXPECT_THROW(p->GetOutputHandle(p->GetOutputNames()[0])->shape(), Error);  // before a successful Run
}

TEST(PredictorTest, MissingModelIsNotFound) {
  try {
    CreatePredictor(Config(oar::testing::TempDir() + "/no_such_model"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(e.what()).find("no_such_model"), std::string::npos) << e.what();
  }
}

TEST(PredictorTest, PaddleNamesWork) {
  if (MnistDir().empty()) GTEST_SKIP() << "shared model paddle-mnist-mlp-separate not found";
  paddle::AnalysisConfig config;
  config.SetModel(MnistDir());
  config.EnableUseGpu(100, 0);  // no CUDA backend in this build: one warning, then the CPU
  config.SwitchUseFeedFetchOps(false);
  auto predictor = paddle::CreatePaddlePredictor(config);
  auto input = predictor->GetInputTensor("image");
  auto img = RandomImage(1, 9);
  input->Reshape({1, 1, 28, 28});
  input->copy_from_cpu(img.data());
  ASSERT_TRUE(predictor->ZeroCopyRun());
  auto output = predictor->GetOutputTensor(predictor->GetOutputNames()[0]);
  std::vector<float> probs(10);
  output->copy_to_cpu(probs.data());
  paddle_infer::Config config2(MnistDir());
  auto p2 = paddle_infer::CreatePredictor(config2);
  EXPECT_EQ(RunOnce(*p2, img, 1), probs);
}

}  // namespace
}  // namespace oar::infer
