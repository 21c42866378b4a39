// The CUDA reductions against the CPU reference: every kernel shape (short rows, warp rows, block
// rows, inner columns, several reduced groups), keepdims, reduce_all, empty axes, integers,
// reductions over an empty axis; the geometry and the `accepts` answers (no GPU needed).
#include "kernels/cuda/reduce.h"

#include <string>
#include <vector>

#include "ir/schemas/tensor_schema_util.h"
#include "math_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using kernels::cuda::MakeReduceGeometry;
using kernels::cuda::ReduceGeometry;

const OpKind kKinds[] = {OpKind::kReduceSum, OpKind::kReduceMean, OpKind::kReduceMax};

struct ReduceCase {
  Shape shape;
  std::vector<int64_t> axes;
  bool keepdims;
  bool reduce_all;
};

const std::vector<ReduceCase>& Cases() {
  static const std::vector<ReduceCase> cases = {
      {{2, 17, 5, 3}, {-1}, false, false},        // rows of 3 (one thread per output)
      {{2, 17, 5, 3}, {1}, true, false},          // inner columns
      {{2, 17, 5, 3}, {0, 2}, false, false},      // two reduced groups
      {{2, 17, 5, 3}, {1, 3}, true, false},       // two reduced groups, keepdims
      {{2, 17, 5, 3}, {}, false, false},          // empty axes: everything
      {{2, 17, 5, 3}, {0}, false, true},          // reduce_all
      {{64, 7, 7}, {1, 2}, true, false},          // global pooling: rows of 49 (warp)
      {{6, 3001}, {1}, false, false},             // warp rows
      {{3, 9000}, {-1}, true, false},             // block rows
      {{70001}, {0}, false, false},               // one long row
      {{2, 1, 3, 1, 5, 1, 2}, {1, 2, 4}, false, false},  // size-1 axes merged away
      {{2, 4, 3, 5, 2, 3, 2}, {0, 2, 4, 6}, false, false},  // four reduced groups
      {{3, 4}, {1}, false, false},                // reduce to [3]
      {{1}, {0}, false, false},                   // one element
  };
  return cases;
}

TEST(CudaReduceTest, FloatReductionsMatchReference) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 1800;
  for (OpKind kind : kKinds) {
    for (const ReduceCase& c : Cases()) {
      // Positive inputs keep long sums well conditioned for the f32 / f16 tolerances; sums of
      // 70001 elements stay within f16's range.
      const float scale = kind == OpKind::kReduceSum ? 0.1f : 1.0f;
      const Tensor x = RandomTensor(c.shape, ++seed, 0.5f * scale, 1.5f * scale);
      ExpectCudaMatchesF32AndF16(kind, ir::ReduceAttrs{c.axes, c.keepdims, c.reduce_all}, {&x},
                                 std::string(ir::OpKindName(kind)) + " " + c.shape.ToString() + " axes " +
                                     ir::IntListString(c.axes));
    }
    const Tensor signed_x = RandomTensor(Shape{4, 9, 11}, ++seed, -3.0f, 3.0f);
    ExpectCudaMatchesF32AndF16(kind, ir::ReduceAttrs{{1}, false, false}, {&signed_x}, "signed inputs");
  }
}

TEST(CudaReduceTest, IntegerReductionsMatchReference) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 1900;
  for (DType t : {DType::kInt32, DType::kInt64}) {
    for (OpKind kind : kKinds) {
      for (const ReduceCase& c : Cases()) {
        const Tensor x = RandomIntTensor(t, c.shape, ++seed, -50, 50);
        EXPECT_TRUE(CudaMatchesReference(kind, ir::ReduceAttrs{c.axes, c.keepdims, c.reduce_all}, {&x}))
            << ir::OpKindName(kind) << " " << DTypeName(t) << " " << c.shape.ToString();
      }
    }
  }
}

TEST(CudaReduceTest, EmptyReducedAxis) {
  OAR_SKIP_WITHOUT_GPU();
  const Tensor x = RandomTensor(Shape{3, 0, 4}, 1950);
  // Sum of nothing is 0, a float mean of nothing NaN (as the reference).
  EXPECT_TRUE(CudaMatchesReference(OpKind::kReduceSum, ir::ReduceAttrs{{1}, false, false}, {&x}));
  EXPECT_TRUE(CudaMatchesReference(OpKind::kReduceMean, ir::ReduceAttrs{{1}, true, false}, {&x}));
  auto r = RunOnCuda(OpKind::kReduceMax, ir::ReduceAttrs{{1}, false, false}, {&x});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("the reduced axes hold no element"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("f32[3,0,4]"), std::string::npos) << r.status().message();
}

TEST(CudaReduceTest, GeometryMergesGroups) {
  ReduceGeometry g;
  OAR_ASSERT_OK(MakeReduceGeometry(Shape{2, 3, 4, 5}, {1, 2}, false, 10, "", &g));
  EXPECT_FALSE(g.general);
  EXPECT_EQ(g.outer, 2);
  EXPECT_EQ(g.reduce_count, 12);
  EXPECT_EQ(g.inner, 5);

  OAR_ASSERT_OK(MakeReduceGeometry(Shape{2, 3, 4, 5}, {1, 3}, false, 8, "", &g));
  ASSERT_TRUE(g.general);
  EXPECT_EQ(g.reduce_count, 15);
  ASSERT_EQ(g.num_kept, 2);
  ASSERT_EQ(g.num_reduced, 2);
  EXPECT_EQ(g.kept_dims[0], 2);
  EXPECT_EQ(g.kept_strides[0], 60);
  EXPECT_EQ(g.kept_dims[1], 4);
  EXPECT_EQ(g.kept_strides[1], 5);
  EXPECT_EQ(g.red_dims[0], 3);
  EXPECT_EQ(g.red_strides[0], 20);
  EXPECT_EQ(g.red_dims[1], 5);
  EXPECT_EQ(g.red_strides[1], 1);

  // Size-1 dims vanish: reducing [2,1,3] over axis 1 is a copy of 6 rows of one element.
  OAR_ASSERT_OK(MakeReduceGeometry(Shape{2, 1, 3}, {1}, false, 6, "", &g));
  EXPECT_FALSE(g.general);
  EXPECT_EQ(g.reduce_count, 1);
  EXPECT_EQ(g.outer, 6);
  EXPECT_EQ(g.inner, 1);

  // Empty axes reduce everything.
  OAR_ASSERT_OK(MakeReduceGeometry(Shape{4, 5}, {}, false, 1, "", &g));
  EXPECT_EQ(g.reduce_count, 20);
  EXPECT_EQ(g.outer, 1);
  EXPECT_EQ(g.inner, 1);
}

TEST(CudaReduceTest, GeometryRefusesAnAxisOutOfRange) {
  ReduceGeometry g;
  Status s = MakeReduceGeometry(Shape{2, 3}, {2}, false, 2, "op 'r' (reduce_sum): ", &g);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("op 'r' (reduce_sum): axis 2 out of range for input #0 [2,3]"), std::string::npos)
      << s.message();
}

TEST(CudaReduceTest, AcceptsFloatsAndIntegers) {
  for (OpKind kind : kKinds) {
    for (DType t : {DType::kFloat32, DType::kFloat16, DType::kInt32, DType::kInt64}) {
      EXPECT_TRUE(CudaKernelTakes(kind, ir::ReduceAttrs{}, {t})) << ir::OpKindName(kind) << " " << DTypeName(t);
    }
    EXPECT_FALSE(CudaKernelTakes(kind, ir::ReduceAttrs{}, {DType::kFloat64})) << ir::OpKindName(kind);
    EXPECT_FALSE(CudaKernelTakes(kind, ir::ReduceAttrs{}, {DType::kInt8})) << ir::OpKindName(kind);
  }
}

}  // namespace
}  // namespace oar::testing
