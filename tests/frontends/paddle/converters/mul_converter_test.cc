#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

// out[r][c] = sum_k X2[r][k] * Y2[k][c] over the 2-D views.
Tensor MatMul2d(const Tensor& x, int64_t rows, int64_t k, const Tensor& y, int64_t cols, const Shape& out_shape) {
  Tensor out(DType::kFloat32, out_shape);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      double s = 0;
      for (int64_t i = 0; i < k; ++i) s += x.data<float>()[r * k + i] * y.data<float>()[i * cols + c];
      out.data<float>()[r * cols + c] = static_cast<float>(s);
    }
  return out;
}

TEST(MulConverterTest, FlattensXFromColDimsAndMultiplies) {
  testing::ProgramBuilder b;
  b.Feed("x", {-1, 3, 2, 2});
  Tensor w = oar::testing::RandomTensor(Shape({12, 5}), 1);
  b.Weight("w", w);
  b.Var("y", testing::kFp32, {-1, 5});
  b.Op("mul").In("X", {"x"}).In("Y", {"w"}).Out("Out", {"y"}).Int("x_num_col_dims", 1).Int("y_num_col_dims", 1);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "flatten,matmul");
  const auto& f = testing::OnlyNode(g, ir::OpKind::kFlatten).attr<ir::FlattenAttrs>();
  EXPECT_EQ(f.start_axis, 1);
  EXPECT_EQ(f.stop_axis, -1);
  const ir::Node& mm = testing::OnlyNode(g, ir::OpKind::kMatMul);
  EXPECT_EQ(g.value(mm.inputs[1]).name, "w");
  EXPECT_FALSE(mm.attr<ir::MatMulAttrs>().transpose_b);
  ir::Graph inferred = testing::ConvertOrDie(b);
  testing::ExpectInferred(inferred, "y", DType::kFloat32, Shape({-1, 5}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 2, 2}), 2);
  testing::ExpectGraphOutputs(g, {x}, {MatMul2d(x, 2, 12, w, 5, Shape({2, 5}))}, 1e-5, 1e-5);
}

TEST(MulConverterTest, HigherColDimsKeepLeadingDimsAndReshapeY) {
  // x [2, 3, 4] with xnc 2 -> rows 2*3; y [2, 2, 3, 5] with ync 2 -> [4, 15]; out [2, 3, 3, 5].
  testing::ProgramBuilder b;
  b.Feed("x", {2, 3, 4});
  Tensor w = oar::testing::RandomTensor(Shape({2, 2, 3, 5}), 3);
  b.Weight("w", w);
  b.Var("y", testing::kFp32, {2, 3, 3, 5});
  b.Op("mul").In("X", {"x"}).In("Y", {"w"}).Out("Out", {"y"}).Int("x_num_col_dims", 2).Int("y_num_col_dims", 2);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "matmul,reshape");
  const ir::Node& mm = testing::OnlyNode(g, ir::OpKind::kMatMul);
  ASSERT_TRUE(g.value(mm.inputs[1]).is_constant());
  EXPECT_EQ(g.value(mm.inputs[1]).constant->shape(), Shape({4, 15}));
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kReshape).attr<ir::ReshapeAttrs>().shape,
            (std::vector<int64_t>{0, 0, 3, 5}));
  ir::Graph inferred = testing::ConvertOrDie(b);
  testing::ExpectInferred(inferred, "y", DType::kFloat32, Shape({2, 3, 3, 5}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 4}), 4);
  testing::ExpectGraphOutputs(g, {x}, {MatMul2d(x, 6, 4, w, 15, Shape({2, 3, 3, 5}))}, 1e-5, 1e-5);
}

TEST(MulConverterTest, RuntimeYIsFlattenedByNodes) {
  testing::ProgramBuilder b;
  b.Feed("x", {4, 6}, 0);
  b.Feed("w", {2, 3, 7}, 1);
  b.Var("y", testing::kFp32, {4, 7});
  b.Op("mul").In("X", {"x"}).In("Y", {"w"}).Out("Out", {"y"}).Int("y_num_col_dims", 2);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "flatten,matmul");
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kFlatten).attr<ir::FlattenAttrs>().stop_axis, 1);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({4, 6}), 5);
  Tensor w = oar::testing::RandomTensor(Shape({2, 3, 7}), 6);
  testing::ExpectGraphOutputs(g, {x, w}, {MatMul2d(x, 4, 6, w, 7, Shape({4, 7}))}, 1e-5, 1e-5);
}

TEST(MulConverterTest, ColDimsOutOfRange) {
  testing::ProgramBuilder b;
  b.Feed("x", {4, 6});
  b.Weight("w", oar::testing::RandomTensor(Shape({6, 2}), 7));
  b.Var("y", testing::kFp32, {4, 2});
  b.Op("mul").In("X", {"x"}).In("Y", {"w"}).Out("Out", {"y"}).Int("x_num_col_dims", 2);
  b.Fetch("y");
  testing::ExpectConvertError(b, ErrorCode::kInvalidGraph,
                              {"'mul'", "attribute 'x_num_col_dims' = 2 must be in [1, rank(X)) = [1, 2)"});
}

}  // namespace
}  // namespace oar::frontends::paddle
