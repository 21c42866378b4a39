// CUDA Slice against the CPU reference, byte-exact: single and multiple axes, negative starts and
// ends, ends past the size, positive and negative steps, decrease_axes, empty results, element
// sizes 1/2/4/8, and tensors crossing many blocks (vectorised contiguous runs and strided
// gathers).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "kernels/cuda/cuda_test_util.h"
#include "kernels/tensor_attrs_test_util.h"

namespace oar::testing {
namespace {


struct Case {
  std::string name;
  ir::SliceAttrs attrs;
};

TEST(CudaSliceTest, MatchesReference) {
  OAR_SKIP_WITHOUT_GPU();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const std::vector<Case> cases = {
      {"middle axis, whole inner dims", SliceAttrsOf({1}, {2}, {7})},
      {"innermost partial", SliceAttrsOf({3}, {1}, {5})},
      {"negative start and end, end past size", SliceAttrsOf({0, 2}, {-5, 3}, {-1, 100})},
      {"steps 2 and -2", SliceAttrsOf({1, 3}, {0, 5}, {9, -100}, {2, -2})},
      {"full reverse", SliceAttrsOf({2}, {-1}, {-1000}, {-1})},
      {"decrease axis 0", SliceAttrsOf({0}, {3}, {4}, {}, {0})},
      {"decrease two axes", SliceAttrsOf({3, 1}, {-1, 4}, {kMax, 5}, {}, {1, 3})},
      {"empty result", SliceAttrsOf({1}, {5}, {2})},
      {"step 3 every axis, mixed signs",
       SliceAttrsOf({0, 1, 2, 3}, {0, -1, 1, 5}, {kMax, -kMax, 11, 0}, {3, -3, 3, -3})},
      {"negative axes", SliceAttrsOf({-1, -3}, {2, 1}, {6, -1})},
      {"starts past the end", SliceAttrsOf({2}, {20}, {30})},
  };
  uint64_t seed = 1;
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kInt64, DType::kInt32, DType::kUInt8, DType::kBool}) {
    const Tensor x = RandomTensorOf(dt, Shape{7, 9, 11, 6}, ++seed);
    for (const Case& c : cases) {
      EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kSlice, c.attrs, {&x}, 1, DType::kFloat32, 0.0, 0.0))
          << DTypeName(dt) << ": " << c.name;
    }
  }
}

TEST(CudaSliceTest, LargeTensors) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 100;
  for (DType dt : {DType::kFloat32, DType::kFloat16, DType::kUInt8}) {
    const Tensor x = RandomTensorOf(dt, Shape{4, 64, 40, 41}, ++seed);
    const std::vector<ir::SliceAttrs> slices = {
        SliceAttrsOf({1}, {10}, {50}),                        // contiguous runs of 40*41 elements
        SliceAttrsOf({2, 3}, {1, 0}, {39, 40}),               // runs of 40 elements
        SliceAttrsOf({2, 3}, {0, 1}, {40, 41}, {2, 2}),       // strided gather
        SliceAttrsOf({0, 3}, {-1, -2}, {-5, -42}, {-1, -3}),  // reversed
    };
    for (size_t i = 0; i < slices.size(); ++i) {
      EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kSlice, slices[i], {&x}, 1, DType::kFloat32, 0.0, 0.0))
          << DTypeName(dt) << " slice " << i;
    }
  }
}

TEST(CudaSliceTest, MatchesReferenceInF16Mode) {
  OAR_SKIP_WITHOUT_GPU();
  // f32 inputs converted to f16 by the harness: still exact (values are moved, not computed).
  const Tensor x = RandomTensor(Shape{3, 17, 29}, 7);
  EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kSlice, SliceAttrsOf({1, 2}, {2, -3}, {15, 0}, {3, -2}), {&x}, 1,
                                   DType::kFloat16, 0, 0));
}

}  // namespace
}  // namespace oar::testing
