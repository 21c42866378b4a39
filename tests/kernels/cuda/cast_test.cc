// The CUDA Cast kernel against the CPU reference for every pair of the ten dtypes, on values that
// exercise each rule (fractions, negatives, NaN, infinities, out-of-range values that saturate or
// wrap, -0), a large tensor, same-dtype copies, and the registration (no GPU needed).
#include "kernels/cuda/cast.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "math_test_util.h"
#include "runtime/single_op.h"

namespace oar::testing {
namespace {

using ir::OpKind;
using kernels::cuda::LaunchCast;

const DType kAllDTypes[] = {DType::kFloat32, DType::kFloat16, DType::kBFloat16, DType::kFloat64, DType::kInt8,
                            DType::kUInt8,   DType::kInt16,   DType::kInt32,    DType::kInt64,   DType::kBool};

/// Values read back as doubles must agree exactly (NaN matches NaN, infinities match).
::testing::AssertionResult SameValues(const Tensor& got, const Tensor& want) {
  if (got.dtype() != want.dtype() || got.shape() != want.shape()) {
    return ::testing::AssertionFailure() << "got " << got.Describe() << ", expected " << want.Describe();
  }
  for (int64_t i = 0; i < got.numel(); ++i) {
    const double g = got.GetDouble(i), w = want.GetDouble(i);
    if (!(g == w || (std::isnan(g) && std::isnan(w)))) {
      return ::testing::AssertionFailure() << got.Describe() << " differs at " << i << ": got " << g << ", expected "
                                           << w;
    }
  }
  return ::testing::AssertionSuccess();
}

/// Runs the cast on the GPU and on the CPU reference and compares (f16 outputs come back as f32
/// from RunOnCuda; the reference's are widened the same way).
void ExpectCastMatches(const Tensor& x, DType to) {
  const std::string what = std::string(DTypeName(x.dtype())) + " -> " + DTypeName(to);
  auto gpu = RunOnCuda(OpKind::kCast, ir::CastAttrs{to}, {&x});
  ASSERT_TRUE(gpu.ok()) << what << ": " << gpu.status().ToString();
  auto ref = runtime::RunOp(OpKind::kCast, ir::CastAttrs{to}, {&x}, 1, "ref");
  ASSERT_TRUE(ref.ok()) << what << ": " << ref.status().ToString();
  const Tensor want = (*ref)[0].dtype() == DType::kFloat16 ? ToFloat((*ref)[0]) : (*ref)[0];
  EXPECT_TRUE(SameValues((*gpu)[0], want)) << what;
}

/// Special values as f64; each source tensor is the CPU cast of these to its dtype.
Tensor SpecialValues() {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> v = {0.0,    -0.0,   1.0,     -1.0,   2.7,         -2.7,        0.5,     -0.5,
                                 127.0,  128.0,  -129.0,  255.5,  256.0,       300.0,       -300.0,  65504.0,
                                 7e4,    -7e4,   3.3e4,   -3.3e4, 2147483647.0, 3e9,        -3e9,    1e19,
                                 -1e19,  inf,    -inf,    NAN,    1e-8,        0.0001,      1024.25, 33.3};
  return MakeTensor<double>(Shape{static_cast<int64_t>(v.size())}, v.data());
}

TEST(CudaCastTest, EveryDtypePairMatchesReference) {
  OAR_SKIP_WITHOUT_GPU();
  const Tensor special = SpecialValues();
  for (DType from : kAllDTypes) {
    auto src = runtime::RunOp(OpKind::kCast, ir::CastAttrs{from}, {&special}, 1, "ref");
    ASSERT_TRUE(src.ok()) << src.status().ToString();
    for (DType to : kAllDTypes) ExpectCastMatches((*src)[0], to);
  }
}

TEST(CudaCastTest, LargeTensorsMatchReference) {
  OAR_SKIP_WITHOUT_GPU();
  const Tensor f = RandomTensor(Shape{3, 70001}, 1301, -5000.0f, 5000.0f);
  ExpectCastMatches(f, DType::kFloat16);
  ExpectCastMatches(f, DType::kInt32);
  ExpectCastMatches(f, DType::kBool);
  const Tensor i = RandomIntTensor(DType::kInt64, Shape{70003}, 1302, -5000000000LL, 5000000000LL);
  ExpectCastMatches(i, DType::kInt32);
  ExpectCastMatches(i, DType::kFloat32);
  ExpectCastMatches(i, DType::kUInt8);
  const Tensor empty = RandomTensor(Shape{0, 3}, 1303);
  ExpectCastMatches(empty, DType::kInt64);
}

TEST(CudaCastTest, SameDtypeCopies) {
  OAR_SKIP_WITHOUT_GPU();
  const Tensor x = RandomIntTensor(DType::kInt32, Shape{17, 33}, 1304, -100000, 100000);
  ExpectCastMatches(x, DType::kInt32);
}

TEST(CudaCastTest, RegisteredForAnyInputAsLayoutAgnostic) {
  const std::vector<const runtime::KernelDef*> defs = CudaMathDefs(OpKind::kCast);
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(defs[0]->dtype, DType::kUndefined);
  EXPECT_EQ(defs[0]->layout, runtime::KernelDef::Layout::kAgnostic);
  for (DType from : kAllDTypes) {
    for (DType to : kAllDTypes) {
      EXPECT_TRUE(CudaKernelTakes(OpKind::kCast, ir::CastAttrs{to}, {from})) << DTypeName(from) << DTypeName(to);
    }
  }
  EXPECT_FALSE(CudaKernelTakes(OpKind::kCast, ir::CastAttrs{DType::kUndefined}, {DType::kFloat32}));
}

TEST(CudaCastTest, LaunchRefusesUndefined) {
  Status s = LaunchCast(nullptr, DType::kUndefined, DType::kFloat32, nullptr, nullptr, 3, "op 'c' (cast): ");
  EXPECT_EQ(s.code(), ErrorCode::kUnsupported);
  EXPECT_NE(s.message().find("op 'c' (cast): "), std::string::npos) << s.message();
}

}  // namespace
}  // namespace oar::testing
