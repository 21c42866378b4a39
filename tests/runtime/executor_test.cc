#include "runtime/executor.h"

#include <cmath>

#include "ir/op_schema.h"
#include "runtime/single_op.h"
#include "test_util.h"

namespace oar::runtime {
namespace {

using ir::OpKind;

// x -> relu -> a ; a * a -> b ; b + x -> c ; sigmoid(c) -> d ; a chain long enough that
// liveness-based reuse must save memory.
std::shared_ptr<ir::Graph> ChainGraph() {
  auto g = std::make_shared<ir::Graph>();
  ir::ValueId x = g->AddValue("x", DType::kFloat32, Shape{kUnknownDim, 64});
  g->AddInput(x);
  ir::ValueId prev = x;
  for (int i = 0; i < 6; ++i) {
    ir::ValueId a = g->AddValue("relu" + std::to_string(i), DType::kFloat32, Shape{});
    g->AddNode("relu_" + std::to_string(i), OpKind::kRelu, {prev}, {a});
    ir::ValueId b = g->AddValue("mul" + std::to_string(i), DType::kFloat32, Shape{});
    g->AddNode("mul_" + std::to_string(i), OpKind::kMul, {a, a}, {b});
    ir::ValueId c = g->AddValue("add" + std::to_string(i), DType::kFloat32, Shape{});
    g->AddNode("add_" + std::to_string(i), OpKind::kAdd, {b, prev}, {c});
    ir::ValueId d = g->AddValue("sig" + std::to_string(i), DType::kFloat32, Shape{});
    g->AddNode("sigmoid_" + std::to_string(i), OpKind::kSigmoid, {c}, {d});
    prev = d;
  }
  g->AddOutput(prev);
  return g;
}

// Reference: the same chain computed directly.
Tensor Expected(const Tensor& x) {
  Tensor cur = x.Clone();
  for (int i = 0; i < 6; ++i) {
    Tensor next(DType::kFloat32, x.shape());
    for (int64_t k = 0; k < x.numel(); ++k) {
      double p = cur.data<float>()[k];
      double a = p > 0 ? p : 0;
      double c = a * a + p;
      next.data<float>()[k] = static_cast<float>(1.0 / (1.0 + std::exp(-c)));
    }
    cur = next;
  }
  return cur;
}

TEST(ExecutorTest, RunsChainAndReusesMemory) {
  auto g = ChainGraph();
  OAR_ASSERT_OK(ir::InferShapes(*g));
  Tensor x = testing::RandomTensor({3, 64}, 11, -2, 2);
  std::vector<Tensor> out_plain, out_optim;
  size_t plain_bytes = 0, optim_bytes = 0;
  for (bool optim : {false, true}) {
    ExecutorOptions options;
    options.memory_optim = optim;
    OAR_ASSERT_OK_AND_ASSIGN(auto ex, Executor::Create(g, options));
    std::vector<Tensor> outs;
    OAR_ASSERT_OK(ex->Run({x}, &outs));
    OAR_ASSERT_OK(ex->Run({x}, &outs));  // second run reuses buffers: no growth
    ASSERT_EQ(outs.size(), 1u);
    EXPECT_TRUE(testing::TensorsNear(outs[0], Expected(x), 1e-5, 1e-6));
    (optim ? optim_bytes : plain_bytes) = ex->memory_stats().pool_bytes;
    (optim ? out_optim : out_plain) = {outs[0].Clone()};
  }
  EXPECT_TRUE(testing::TensorsNear(out_optim[0], out_plain[0], 0, 0));
  // 23 intermediate activations of 3*64 floats without reuse; a handful with it.
  EXPECT_EQ(plain_bytes, 23u * 3 * 64 * 4);
  EXPECT_LE(optim_bytes, 4u * 3 * 64 * 4);
}

TEST(ExecutorTest, NewBatchSizeRuns) {
  auto g = ChainGraph();
  OAR_ASSERT_OK(ir::InferShapes(*g));
  OAR_ASSERT_OK_AND_ASSIGN(auto ex, Executor::Create(g, ExecutorOptions{2, true, ""}));
  for (int64_t n : {1, 5, 2}) {
    Tensor x = testing::RandomTensor({n, 64}, static_cast<uint64_t>(n));
    std::vector<Tensor> outs;
    OAR_ASSERT_OK(ex->Run({x}, &outs));
    EXPECT_TRUE(testing::TensorsNear(outs[0], Expected(x), 1e-5, 1e-6));
  }
}

TEST(ExecutorTest, InputErrorsNameTheInput) {
  auto g = ChainGraph();
  OAR_ASSERT_OK(ir::InferShapes(*g));
  OAR_ASSERT_OK_AND_ASSIGN(auto ex, Executor::Create(g, ExecutorOptions{}));
  std::vector<Tensor> outs;
  // A declared static dim is a hint, as in Paddle: this elementwise chain runs at any width.
  Tensor narrow = testing::RandomTensor({2, 63}, 1);
  OAR_ASSERT_OK(ex->Run({narrow}, &outs));
  EXPECT_TRUE(testing::TensorsNear(outs[0], Expected(narrow), 1e-5, 1e-6));
  Status s = ex->Run({testing::RandomTensor({2, 64, 1}, 1)}, &outs);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("input 'x': expected f32[?,64], got f32[2,64,1]"), std::string::npos) << s.message();
  s = ex->Run({testing::RandomIntTensor(DType::kInt32, {2, 64}, 1, 0, 3)}, &outs);
  EXPECT_NE(s.message().find("expected f32[?,64], got i32[2,64]"), std::string::npos) << s.message();
  s = ex->Run({Tensor()}, &outs);
  EXPECT_NE(s.message().find("input 'x' was never set"), std::string::npos) << s.message();
  s = ex->Run({}, &outs);
  EXPECT_NE(s.message().find("expected 1 inputs, got 0"), std::string::npos) << s.message();
}

// Resize's output size comes from the *value* of its OutSize input: a new value with the same
// input shapes must re-prepare the kernel (and must not write past the new, smaller output).
TEST(ExecutorTest, OutputShapeChangeFromAValueInputRePrepares) {
  auto g = std::make_shared<ir::Graph>();
  ir::ValueId x = g->AddValue("x", DType::kFloat32, Shape{1, 2, 4, 4});
  ir::ValueId size = g->AddValue("size", DType::kInt32, Shape{2});
  g->AddInput(x);
  g->AddInput(size);
  ir::ValueId y = g->AddValue("y", DType::kFloat32, Shape{});
  ir::ValueId z = g->AddValue("z", DType::kFloat32, Shape{});
  ir::ResizeAttrs attrs;
  attrs.mode = ir::ResizeMode::kNearest;
  g->AddNode("resize", OpKind::kResize, {x, size}, {y}, attrs);
  g->AddNode("relu", OpKind::kRelu, {y}, {z});
  g->AddOutput(z);
  OAR_ASSERT_OK(ir::InferShapes(*g));
  OAR_ASSERT_OK_AND_ASSIGN(auto ex, Executor::Create(g, ExecutorOptions{1, true, ""}));
  Tensor in = testing::RandomTensor({1, 2, 4, 4}, 4);
  for (int32_t s : {8, 2, 6}) {
    int32_t hw[2] = {s, s};
    Tensor out_size = MakeTensor<int32_t>(Shape{2}, hw);
    std::vector<Tensor> outs;
    OAR_ASSERT_OK(ex->Run({in, out_size}, &outs));
    ASSERT_EQ(outs[0].shape(), (Shape{1, 2, s, s}));
    OAR_ASSERT_OK_AND_ASSIGN(auto ref, RunOp(OpKind::kResize, attrs, {&in, &out_size}, 1, "ref"));
    for (int64_t i = 0; i < ref[0].numel(); ++i) ref[0].data<float>()[i] = std::max(0.0f, ref[0].data<float>()[i]);
    EXPECT_TRUE(testing::TensorsNear(outs[0], ref[0], 0, 0)) << "size " << s;
  }
}

// A size the model cannot run at: the error leads with the input, expected and actual.
TEST(ExecutorTest, DeclaredDimMismatchThatFailsNamesTheInput) {
  auto g = std::make_shared<ir::Graph>();
  ir::ValueId x = g->AddValue("x", DType::kFloat32, Shape{kUnknownDim, 4});
  g->AddInput(x);
  ir::ValueId w = g->AddConstant("w", testing::RandomTensor({4, 3}, 2));
  ir::ValueId y = g->AddValue("y", DType::kFloat32, Shape{});
  g->AddNode("fc", OpKind::kMatMul, {x, w}, {y}, ir::MatMulAttrs{});
  g->AddOutput(y);
  OAR_ASSERT_OK(ir::InferShapes(*g));
  OAR_ASSERT_OK_AND_ASSIGN(auto ex, Executor::Create(g, ExecutorOptions{}));
  std::vector<Tensor> outs;
  Status s = ex->Run({testing::RandomTensor({2, 5}, 3)}, &outs);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("input 'x': expected f32[?,4], got f32[2,5] (the model declares that size"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("op 'fc' (matmul)"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace oar::runtime
