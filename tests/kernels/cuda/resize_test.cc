// CUDA Resize against the CPU reference: nearest (align_corners or not) and bilinear
// (align_corners, align_mode 0 and 1), up- and down-sampling with odd sizes, sizes from
// out_h/out_w, from scale attributes and from an OutSize tensor, a Scale tensor with
// align_corners, f32 and f16, and a tensor crossing many blocks.
#include <string>
#include <vector>

#include "kernels/cuda/cuda_test_util.h"
#include "kernels/tensor_attrs_test_util.h"

namespace oar::testing {
namespace {

using ir::ResizeMode;


struct Case {
  std::string name;
  ir::ResizeAttrs attrs;
  Shape x;
};

std::vector<Case> Cases() {
  return {
      {"nearest up", ResizeAttrsOf(ResizeMode::kNearest, false, 1, 17, 23), Shape{2, 3, 7, 9}},
      {"nearest down", ResizeAttrsOf(ResizeMode::kNearest, false, 1, 5, 4), Shape{1, 3, 13, 11}},
      {"nearest align_corners", ResizeAttrsOf(ResizeMode::kNearest, true, 1, 19, 8), Shape{2, 3, 7, 9}},
      {"nearest scale 2", ResizeAttrsOf(ResizeMode::kNearest, false, 1, -1, -1, 2.0f, 2.0f), Shape{2, 5, 7, 9}},
      {"nearest scale 1.7/0.6", ResizeAttrsOf(ResizeMode::kNearest, false, 1, -1, -1, 1.7f, 0.6f), Shape{1, 2, 11, 13}},
      {"bilinear align_corners", ResizeAttrsOf(ResizeMode::kBilinear, true, 1, 17, 23), Shape{2, 3, 7, 9}},
      {"bilinear align_mode 0 up", ResizeAttrsOf(ResizeMode::kBilinear, false, 0, 15, 20), Shape{2, 3, 7, 9}},
      {"bilinear align_mode 0 down", ResizeAttrsOf(ResizeMode::kBilinear, false, 0, 4, 5), Shape{2, 3, 11, 13}},
      {"bilinear align_mode 1", ResizeAttrsOf(ResizeMode::kBilinear, false, 1, 13, 6), Shape{2, 3, 7, 9}},
      {"bilinear scale 3", ResizeAttrsOf(ResizeMode::kBilinear, false, 0, -1, -1, 3.0f, 3.0f), Shape{1, 4, 5, 6}},
      {"bilinear to 1x1", ResizeAttrsOf(ResizeMode::kBilinear, true, 1, 1, 1), Shape{2, 2, 5, 6}},
      {"bilinear from 1x1", ResizeAttrsOf(ResizeMode::kBilinear, false, 0, 4, 3), Shape{2, 2, 1, 1}},
      {"large bilinear", ResizeAttrsOf(ResizeMode::kBilinear, false, 0, 64, 66), Shape{2, 16, 32, 33}},
      {"large nearest", ResizeAttrsOf(ResizeMode::kNearest, false, 1, 64, 66), Shape{2, 16, 32, 33}},
  };
}

TEST(CudaResizeTest, MatchesReferenceF32) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 1;
  for (const Case& c : Cases()) {
    const Tensor x = RandomTensor(c.x, ++seed);
    // Nearest moves values: exact. Bilinear rounds every step as the CPU does (no FMA).
    const double tol = c.attrs.mode == ResizeMode::kNearest ? 0.0 : 1e-5;
    EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kResize, c.attrs, {&x}, 1, DType::kFloat32, tol, tol)) << c.name;
  }
}

TEST(CudaResizeTest, MatchesReferenceF16) {
  OAR_SKIP_WITHOUT_GPU();
  uint64_t seed = 100;
  for (const Case& c : Cases()) {
    const Tensor x = RandomTensor(c.x, ++seed);
    EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kResize, c.attrs, {&x}, 1, DType::kFloat16, 1e-2, 1e-2)) << c.name;
  }
}

TEST(CudaResizeTest, SizeAndScaleInputs) {
  OAR_SKIP_WITHOUT_GPU();
  const Tensor x = RandomTensor(Shape{2, 3, 7, 9}, 5);
  const int32_t size[2] = {12, 5};
  const Tensor out_size = MakeTensor<int32_t>(Shape{2}, size);
  for (ResizeMode mode : {ResizeMode::kNearest, ResizeMode::kBilinear}) {
    // OutSize sets the output shape; the ratio stays in/out (or 1/scale when scale attrs are set).
    EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kResize, ResizeAttrsOf(mode, false, 0, -1, -1), {&x, &out_size}, 1,
                                     DType::kFloat32, 1e-5, 1e-5));
    EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kResize, ResizeAttrsOf(mode, false, 1, -1, -1, 1.5f, 0.5f),
                                     {&x, &out_size}, 1, DType::kFloat32, 1e-5, 1e-5));
    // A Scale tensor with align_corners: the ratio does not depend on it.
    const float scale[2] = {2.0f, 1.5f};
    const Tensor scale_t = MakeTensor<float>(Shape{2}, scale);
    EXPECT_TRUE(CudaMatchesReference(ir::OpKind::kResize, ResizeAttrsOf(mode, true, 1, -1, -1), {&x, nullptr, &scale_t},
                                     1, DType::kFloat32, 1e-5, 1e-5));
  }
}

}  // namespace
}  // namespace oar::testing
