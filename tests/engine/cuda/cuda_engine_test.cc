// The GPU predictor and the CUDA engine backend, end to end through the public API on zoo models
// and on the engine tests' small net (GPU machine only; every test skips elsewhere).
#include <gtest/gtest.h>

#include <cuda_runtime.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/cuda/cuda_builder.h"
#include "engine/cuda/cuda_engine_backend.h"
#include "engine/engine_test_util.h"
#include "engine/plan.h"
#include "kernels/cuda/cuda_test_util.h"
#include "oar/oar.h"
#include "zoo/zoo.h"

namespace oar::testing {
namespace {

std::string ZooDir(const std::string& name) {
  std::string dir = TempDir() + "/cuda_zoo_" + name;
  if (!std::filesystem::exists(dir + "/__model__")) {
    Status s = zoo::WriteZooModel(name, dir, zoo::ZooFormat::kPaddle);
    OAR_CHECK_MSG(s.ok(), s.ToString());
  }
  return dir;
}

// Runs `dir` once on `config` with input `x`; the first output, flattened.
std::vector<float> RunOnce(infer::Config config, const Tensor& x) {
  auto p = infer::CreatePredictor(config);
  auto in = p->GetInputHandle(p->GetInputNames()[0]);
  in->Reshape(std::vector<int>(x.shape().dims().begin(), x.shape().dims().end()));
  in->CopyFromCpu(x.data<float>());
  p->Run();
  auto out = p->GetOutputHandle(p->GetOutputNames()[0]);
  int64_t n = 1;
  for (int d : out->shape()) n *= d;
  std::vector<float> v(static_cast<size_t>(n));
  out->CopyToCpu(v.data());
  return v;
}

double RelErr(const std::vector<float>& a, const std::vector<float>& ref) {
  double m = 1e-30, d = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    m = std::max(m, std::fabs(static_cast<double>(ref[i])));
    d = std::max(d, std::fabs(static_cast<double>(a[i]) - ref[i]));
  }
  return d / m;
}

double Cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  return ab / std::sqrt(aa * bb + 1e-300);
}

size_t ArgMax(const std::vector<float>& v, size_t row, size_t cols) {
  size_t best = 0;
  for (size_t c = 1; c < cols; ++c) {
    if (v[row * cols + c] > v[row * cols + best]) best = c;
  }
  return best;
}

class CudaZooTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CudaZooTest, NativeAndEnginesMatchTheCpu) {
  OAR_SKIP_WITHOUT_GPU();
  const std::string dir = ZooDir(GetParam());
  Tensor x = RandomTensor(Shape{2, 3, 224, 224}, 101, -2.0f, 2.0f);
  infer::Config cpu(dir);
  std::vector<float> ref = RunOnce(cpu, x);

  infer::Config gpu(dir);
  gpu.EnableUseGpu(256, 0);
  EXPECT_LE(RelErr(RunOnce(gpu, x), ref), 1e-4) << "native GPU";

  infer::Config eng = gpu;
  eng.EnableEngine(int64_t{1} << 30, 2, 1, infer::Precision::kFloat32);
  EXPECT_LE(RelErr(RunOnce(eng, x), ref), 1e-4) << "engine fp32";

  infer::Config half = gpu;
  half.EnableEngine(int64_t{1} << 30, 2, 1, infer::Precision::kHalf);
  std::vector<float> h = RunOnce(half, x);
  EXPECT_GE(Cosine(h, ref), 0.999) << "engine fp16";
  const size_t cols = ref.size() / 2;
  for (size_t r = 0; r < 2; ++r) EXPECT_EQ(ArgMax(h, r, cols), ArgMax(ref, r, cols)) << "row " << r;
}

INSTANTIATE_TEST_SUITE_P(Zoo, CudaZooTest, ::testing::Values("resnet50", "mobilenet_v1", "vgg16", "googlenet"));

TEST(CudaEngineTest, GraphReplayFollowsNewInputsAndBatchSizes) {
  OAR_SKIP_WITHOUT_GPU();
  const std::string dir = ZooDir("resnet50");
  infer::Config cpu(dir);
  infer::Config eng(dir);
  eng.EnableUseGpu(256, 0);
  eng.EnableEngine(int64_t{1} << 30, 4, 1, infer::Precision::kFloat32);
  auto p = infer::CreatePredictor(eng);
  // Several runs (the second captures the CUDA graph, later ones replay it), then another batch.
  for (int i = 0; i < 5; ++i) {
    const int batch = i < 4 ? 4 : 3;
    Tensor x = RandomTensor(Shape{batch, 3, 224, 224}, 200 + i);
    auto in = p->GetInputHandle("image");
    in->Reshape({batch, 3, 224, 224});
    in->CopyFromCpu(x.data<float>());
    p->Run();
    auto out = p->GetOutputHandle(p->GetOutputNames()[0]);
    std::vector<float> got(static_cast<size_t>(batch) * 1000);
    out->CopyToCpu(got.data());
    EXPECT_LE(RelErr(got, RunOnce(cpu, x)), 1e-4) << "run " << i;
  }
}

TEST(CudaEngineTest, ClonesShareTheEngineAndAgree) {
  OAR_SKIP_WITHOUT_GPU();
  const std::string dir = ZooDir("mobilenet_v1");
  infer::Config eng(dir);
  eng.EnableUseGpu(256, 0);
  eng.EnableEngine(int64_t{1} << 30, 1, 1, infer::Precision::kHalf);
  auto p = infer::CreatePredictor(eng);
  auto c = p->Clone();
  Tensor x = RandomTensor(Shape{1, 3, 224, 224}, 5);
  std::vector<std::vector<float>> outs;
  for (auto* pred : {p.get(), c.get()}) {
    auto in = pred->GetInputHandle("image");
    in->Reshape({1, 3, 224, 224});
    in->CopyFromCpu(x.data<float>());
    pred->Run();
    std::vector<float> v(1000);
    pred->GetOutputHandle(pred->GetOutputNames()[0])->CopyToCpu(v.data());
    outs.push_back(v);
  }
  EXPECT_EQ(outs[0], outs[1]);
}

TEST(CudaEngineTest, UseStaticLoadsThePlanAndRejectsAForeignDevice) {
  OAR_SKIP_WITHOUT_GPU();
  const std::string dir = ZooDir("vgg16");
  const std::string cache = TempDir() + "/cuda_cache_vgg16";
  std::filesystem::remove_all(cache);
  infer::Config eng(dir);
  eng.EnableUseGpu(256, 0);
  eng.EnableEngine(int64_t{1} << 30, 1, 1, infer::Precision::kHalf, /*use_static=*/true);
  eng.SetOptimCacheDir(cache);
  Tensor x = RandomTensor(Shape{1, 3, 224, 224}, 9);
  std::vector<float> first = RunOnce(eng, x);
  size_t plans = 0;
  std::string plan_path;
  for (const auto& e : std::filesystem::directory_iterator(cache)) {
    if (e.path().extension() == ".plan") {
      ++plans;
      plan_path = e.path().string();
    }
  }
  ASSERT_GE(plans, 1u);
  std::vector<float> second = RunOnce(eng, x);  // loaded, not built
  EXPECT_EQ(first, second);
  std::ifstream in(plan_path, std::ios::binary);
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(file.size(), 20u);
  const std::string bytes = file.substr(0, file.size() - 20);  // the cache store's length+checksum trailer
  auto foreign = engine::Plan::Deserialize(bytes, "cuda;gpu=Other GPU;sm=80;cuda=12000");
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().code(), ErrorCode::kVersionMismatch);
  auto own = engine::Plan::Deserialize(bytes);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->data().backend, "cuda");
  EXPECT_EQ(own->data().precision, engine::Precision::kFp16);
  auto cl = engine::cuda::ChannelsLastLayers(own->data().backend_blob);
  ASSERT_TRUE(cl.ok());
  EXPECT_GT(cl->size(), 0u) << "fp16 convolutions run channels-last";
}

TEST(CudaEngineTest, OutOfRangeShapeNamesTheInputAndTheRange) {
  OAR_SKIP_WITHOUT_GPU();
  const std::string dir = ZooDir("mobilenet_v1");
  infer::Config eng(dir);
  eng.EnableUseGpu(256, 0);
  eng.EnableEngine(int64_t{1} << 30, 1, 1, infer::Precision::kFloat32);
  eng.SetDynamicShapeInfo({{"image", {1, 3, 160, 160}}}, {{"image", {2, 3, 256, 256}}}, {{"image", {1, 3, 224, 224}}});
  auto p = infer::CreatePredictor(eng);
  Tensor x = RandomTensor(Shape{1, 3, 192, 176}, 3);
  auto in = p->GetInputHandle("image");
  in->Reshape({1, 3, 192, 176});
  in->CopyFromCpu(x.data<float>());
  EXPECT_NO_THROW(p->Run());
  Tensor big = RandomTensor(Shape{1, 3, 288, 224}, 4);
  in->Reshape({1, 3, 288, 224});
  in->CopyFromCpu(big.data<float>());
  try {
    p->Run();
    FAIL() << "expected an out-of-range error";
  } catch (const infer::Error& e) {
    EXPECT_NE(std::string(e.what()).find("outside the profile range"), std::string::npos) << e.what();
  }
}

TEST(CudaEngineTest, ZeroCopyDeviceInputGivesTheSameResult) {
  OAR_SKIP_WITHOUT_GPU();
  const std::string dir = ZooDir("mobilenet_v1");
  infer::Config gpu(dir);
  gpu.EnableUseGpu(256, 0);
  Tensor x = RandomTensor(Shape{1, 3, 224, 224}, 13);
  std::vector<float> ref = RunOnce(gpu, x);
  auto p = infer::CreatePredictor(gpu);
  void* dev = nullptr;
  ASSERT_EQ(cudaMalloc(&dev, x.nbytes()), cudaSuccess);
  ASSERT_EQ(cudaMemcpy(dev, x.raw_data(), x.nbytes(), cudaMemcpyHostToDevice), cudaSuccess);
  p->GetInputHandle("image")->ShareExternalData(dev, {1, 3, 224, 224}, infer::DataType::FLOAT32, infer::PlaceType::kGPU);
  p->Run();
  std::vector<float> got(1000);
  p->GetOutputHandle(p->GetOutputNames()[0])->CopyToCpu(got.data());
  cudaFree(dev);
  EXPECT_EQ(got, ref);
}

TEST(CudaEngineTest, SmallNetEngineEqualsNativeOnTheGpu) {
  OAR_SKIP_WITHOUT_GPU();
  engine::cuda::RegisterCudaEngineBackend();
  ir::Graph g = engine::testing::SmallConvNet();
  Tensor x = RandomTensor(Shape{3, 3, 9, 11}, 77);
  OAR_ASSERT_OK_AND_ASSIGN(std::vector<Tensor> ref, engine::testing::RunNative(g, {x}));
  engine::BuilderConfig cfg;
  cfg.max_batch_size = 3;
  OAR_ASSERT_OK_AND_ASSIGN(engine::Plan plan, engine::cuda::BuildCudaPlan(g, cfg, nullptr, nullptr));
  EXPECT_EQ(plan.data().backend, "cuda");
  EXPECT_EQ(plan.data().layers.size(), g.LiveNodes().size());
  OAR_ASSERT_OK_AND_ASSIGN(engine::Plan back, engine::Plan::Deserialize(plan.Serialize()));
  EXPECT_EQ(back.data().layers.size(), plan.data().layers.size());
}

}  // namespace
}  // namespace oar::testing
