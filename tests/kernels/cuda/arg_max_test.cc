// The CUDA ArgMax kernel against the CPU reference: each kernel shape (columns, short rows, warp
// rows, block rows, flatten), keepdims, i32 indices, integer inputs with many ties (first index
// wins), NaNs at and after the start of a row; and the `accepts` answers (no GPU needed).
#include "kernels/cuda/arg_max.h"

#include <cmath>
#include <string>
#include <vector>

#include "math_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using kernels::cuda::LaunchArgMax;

struct ArgMaxCase {
  Shape shape;
  ir::ArgMaxAttrs attrs;
};

const std::vector<ArgMaxCase>& Cases() {
  static const std::vector<ArgMaxCase> cases = {
      {{2, 17, 5, 3}, {-1, false, false, DType::kInt64}},  // rows of 3
      {{2, 17, 5, 3}, {1, true, false, DType::kInt64}},    // columns
      {{2, 17, 5, 3}, {0, false, false, DType::kInt32}},   // columns, i32 indices
      {{40, 1000}, {1, false, false, DType::kInt64}},      // warp rows
      {{3, 9001}, {-1, true, false, DType::kInt32}},       // block rows
      {{7, 11, 13}, {0, false, true, DType::kInt64}},      // flatten: one row of 1001
      {{70001}, {0, false, false, DType::kInt64}},         // one long row
      {{3, 4, 5}, {0, true, true, DType::kInt32}},         // flatten, keepdims
      {{6, 1}, {1, false, false, DType::kInt64}},          // rows of one element
  };
  return cases;
}

TEST(CudaArgMaxTest, FloatInputsMatchReference) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 2000;
  for (const ArgMaxCase& c : Cases()) {
    const Tensor x = RandomTensor(c.shape, ++seed, -3.0f, 3.0f);
    ExpectCudaMatchesF32AndF16(OpKind::kArgMax, c.attrs, {&x},
                               c.shape.ToString() + " axis " + std::to_string(c.attrs.axis));
  }
}

TEST(CudaArgMaxTest, TiesGoToTheFirstIndex) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 2100;
  for (DType t : {DType::kInt32, DType::kInt64}) {
    for (const ArgMaxCase& c : Cases()) {
      const Tensor x = RandomIntTensor(t, c.shape, ++seed, 0, 3);  // values 0..3: many ties
      EXPECT_TRUE(CudaMatchesReference(OpKind::kArgMax, c.attrs, {&x})) << DTypeName(t) << " " << c.shape.ToString();
    }
  }
  // Float ties: a coarse grid of values.
  Tensor x = RandomTensor(Shape{5, 2500}, 2150, 0.0f, 4.0f);
  for (int64_t i = 0; i < x.numel(); ++i) x.data<float>()[i] = std::floor(x.data<float>()[i]);
  ExpectCudaMatchesF32AndF16(OpKind::kArgMax, ir::ArgMaxAttrs{1, false, false, DType::kInt64}, {&x}, "float ties");
}

TEST(CudaArgMaxTest, NaNsFollowTheSequentialScan) {
  OAR_SKIP_WITHOUT_GPU();
  // Row r of each tensor: a NaN at index 0 for even rows (index 0 wins), NaNs scattered after the
  // start for every row (skipped).
  for (int64_t n : {int64_t{9}, int64_t{700}, int64_t{5000}}) {
    Tensor x = RandomTensor(Shape{6, n}, 2200 + n, -1.0f, 1.0f);
    float* p = x.data<float>();
    for (int64_t r = 0; r < 6; ++r) {
      if (r % 2 == 0) p[r * n] = NAN;
      for (int64_t j = 3; j < n; j += 5) p[r * n + j] = NAN;
    }
    EXPECT_TRUE(CudaMatchesReference(OpKind::kArgMax, ir::ArgMaxAttrs{1, false, false, DType::kInt64}, {&x}))
        << "rows of " << n;
  }
}

TEST(CudaArgMaxTest, AcceptsInputAndIndexDtypesWithKernels) {
  for (DType t : {DType::kFloat32, DType::kFloat16, DType::kInt32, DType::kInt64}) {
    EXPECT_TRUE(CudaKernelTakes(OpKind::kArgMax, ir::ArgMaxAttrs{-1, false, false, DType::kInt64}, {t}));
    EXPECT_TRUE(CudaKernelTakes(OpKind::kArgMax, ir::ArgMaxAttrs{-1, false, false, DType::kInt32}, {t}));
  }
  EXPECT_FALSE(CudaKernelTakes(OpKind::kArgMax, ir::ArgMaxAttrs{}, {DType::kFloat64}));
  const ir::Node bad_index = MathNode(OpKind::kArgMax, ir::ArgMaxAttrs{-1, false, false, DType::kInt16}, 1);
  for (const runtime::KernelDef* d : CudaMathDefs(OpKind::kArgMax)) {
    ASSERT_NE(d->accepts, nullptr);
    EXPECT_FALSE(d->accepts(bad_index, {DType::kFloat32}));
  }
}

TEST(CudaArgMaxTest, LaunchRefusesAnEmptyAxisAndOtherIndexDtypes) {
  Status s = LaunchArgMax(nullptr, DType::kFloat32, DType::kInt64, nullptr, nullptr, 2, 0, 3, "op 'a' (arg_max): ");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("non-empty axis"), std::string::npos) << s.message();
  s = LaunchArgMax(nullptr, DType::kFloat32, DType::kFloat32, nullptr, nullptr, 2, 4, 3, "op 'a' (arg_max): ");
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("expected i32 or i64 indices, got f32"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace oar::testing
