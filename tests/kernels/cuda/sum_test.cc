// The CUDA Sum kernel against the CPU reference: one input, several same-shaped inputs in one and
// in several passes, broadcasting inputs, integers, and the `accepts` answers (no GPU needed).
#include "kernels/cuda/sum.h"

#include <string>
#include <vector>

#include "math_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using kernels::cuda::LaunchSumSameShape;
using kernels::cuda::kMaxSumInputsPerPass;

std::vector<Tensor> RandomInputs(const std::vector<Shape>& shapes, uint64_t seed) {
  std::vector<Tensor> out;
  for (const Shape& s : shapes) out.push_back(RandomTensor(s, seed++, -1.0f, 1.0f));
  return out;
}

std::vector<const Tensor*> Ptrs(const std::vector<Tensor>& ts) {
  std::vector<const Tensor*> p;
  for (const Tensor& t : ts) p.push_back(&t);
  return p;
}

TEST(CudaSumTest, SameShapedInputsMatchReference) {
  OAR_SKIP_WITHOUT_GPU();
  // 1 input (a copy), 3 inputs (one pass), 11 inputs (a pass of 8, then one accumulating 3).
  for (int count : {1, 3, 8, 11}) {
    for (const Shape& s : {Shape{2, 17, 5, 3}, Shape{70001}, Shape{0, 7}}) {
      const std::vector<Tensor> xs = RandomInputs(std::vector<Shape>(static_cast<size_t>(count), s), 1000 + count);
      ExpectCudaMatchesF32AndF16(OpKind::kSum, ir::NoAttrs{}, Ptrs(xs),
                                 std::to_string(count) + " inputs " + s.ToString());
    }
  }
}

TEST(CudaSumTest, BroadcastingInputsMatchReference) {
  OAR_SKIP_WITHOUT_GPU();
  const std::vector<std::vector<Shape>> cases = {
      {{2, 3, 4}, {3, 1}, {4}},
      {{3, 1}, {2, 3, 4}},
      {{1, 32, 1, 1}, {4, 32, 24, 24}, {4, 32, 24, 24}, {24}},
  };
  uint64_t seed = 1100;
  for (const auto& shapes : cases) {
    const std::vector<Tensor> xs = RandomInputs(shapes, seed += 10);
    ExpectCudaMatchesF32AndF16(OpKind::kSum, ir::NoAttrs{}, Ptrs(xs), shapes[0].ToString() + " + ...");
  }
}

TEST(CudaSumTest, IntegerInputsMatchReference) {
  OAR_SKIP_WITHOUT_GPU();
  for (DType t : {DType::kInt32, DType::kInt64}) {
    std::vector<Tensor> xs;
    for (int i = 0; i < 10; ++i) xs.push_back(RandomIntTensor(t, Shape{5, 3001}, 1200 + i, -500, 500));
    EXPECT_TRUE(CudaMatchesReference(OpKind::kSum, ir::NoAttrs{}, Ptrs(xs))) << DTypeName(t);
    const Tensor row = RandomIntTensor(t, Shape{3001}, 1299, -500, 500);
    EXPECT_TRUE(CudaMatchesReference(OpKind::kSum, ir::NoAttrs{}, {&xs[0], &row, &xs[1]})) << DTypeName(t);
  }
}

TEST(CudaSumTest, AcceptsOneSupportedDtypeForEveryInput) {
  EXPECT_TRUE(CudaKernelTakes(OpKind::kSum, ir::NoAttrs{}, {DType::kFloat16, DType::kFloat16, DType::kFloat16}));
  EXPECT_TRUE(CudaKernelTakes(OpKind::kSum, ir::NoAttrs{}, {DType::kInt64}));
  EXPECT_FALSE(CudaKernelTakes(OpKind::kSum, ir::NoAttrs{}, {DType::kFloat32, DType::kFloat16}));
  EXPECT_FALSE(CudaKernelTakes(OpKind::kSum, ir::NoAttrs{}, {DType::kFloat64, DType::kFloat64}));
  const ir::Node node = MathNode(OpKind::kSum, ir::NoAttrs{}, 2);
  for (const runtime::KernelDef* d : CudaMathDefs(OpKind::kSum)) {
    ASSERT_NE(d->accepts, nullptr);
    EXPECT_FALSE(d->accepts(node, {DType::kInt32, DType::kInt64}));
    EXPECT_FALSE(d->accepts(node, {DType::kInt8, DType::kInt8}));
  }
}

TEST(CudaSumTest, LaunchRefusesTooManyInputsForOnePass) {
  const void* ptrs[kMaxSumInputsPerPass + 1] = {};
  Status s = LaunchSumSameShape(nullptr, DType::kFloat32, ptrs, kMaxSumInputsPerPass + 1, false, nullptr, 16,
                                "op 's' (sum): ");
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_NE(s.message().find("expected 1 to 8 inputs per pass, got 9"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace oar::testing
