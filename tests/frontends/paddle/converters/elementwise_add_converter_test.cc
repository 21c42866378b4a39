// elementwise_add carries the tests of Paddle's axis broadcasting (ConvertElementwise); the other
// elementwise_* tests check their kind and arithmetic.
#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

using testing::ProgramBuilder;

// x [2,3,4,5] + y (declared dims) with `axis`.
ProgramBuilder AddProgram(const std::vector<int64_t>& y_dims, int axis, const Tensor* y_const) {
  ProgramBuilder b;
  b.Feed("x", {2, 3, 4, 5}, 0);
  if (y_const) {
    b.Weight("y", *y_const);
  } else {
    b.Feed("y", y_dims, 1);
  }
  b.Var("out", testing::kFp32, {2, 3, 4, 5});
  b.Op("elementwise_add").In("X", {"x"}).In("Y", {"y"}).Out("Out", {"out"}).Int("axis", axis);
  b.Fetch("out");
  return b;
}

// Reference: y aligned to x at `axis` (y_dims given after trimming).
Tensor AddAligned(const Tensor& x, const Tensor& y, int axis, const std::vector<int64_t>& y_dims) {
  Tensor out(DType::kFloat32, x.shape());
  const auto& xd = x.shape().dims();
  for (int64_t i = 0; i < x.numel(); ++i) {
    int64_t rem = i, yi = 0;
    std::vector<int64_t> idx(4);
    for (int d = 3; d >= 0; --d) {
      idx[static_cast<size_t>(d)] = rem % xd[static_cast<size_t>(d)];
      rem /= xd[static_cast<size_t>(d)];
    }
    for (size_t k = 0; k < y_dims.size(); ++k) {
      int64_t c = y_dims[k] == 1 ? 0 : idx[static_cast<size_t>(axis) + k];
      yi = yi * y_dims[k] + c;
    }
    out.data<float>()[i] = x.data<float>()[i] + y.data<float>()[yi];
  }
  return out;
}

TEST(ElementwiseAddConverterTest, TrailingAxisNeedsNoReshape) {
  Tensor y = oar::testing::RandomTensor(Shape({4, 5}), 2);
  for (int axis : {-1, 2}) {
    ir::Graph g = testing::ConvertOrDie(AddProgram({4, 5}, axis, &y));
    EXPECT_EQ(testing::KindSequence(g), "add");
    const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kAdd);
    EXPECT_EQ(g.value(n.inputs[1]).name, "y");
  }
}

TEST(ElementwiseAddConverterTest, ConstantYIsReshapedIntoANewConstant) {
  Tensor y = oar::testing::RandomTensor(Shape({3}), 3);
  ir::Graph g = testing::ConvertOrDie(AddProgram({3}, 1, &y));
  EXPECT_EQ(testing::KindSequence(g), "add");
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kAdd);
  const ir::Value& yv = g.value(n.inputs[1]);
  ASSERT_TRUE(yv.is_constant());
  EXPECT_EQ(yv.constant->shape(), Shape({1, 3, 1, 1}));
  EXPECT_EQ(yv.name, "out.y_aligned");
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 4, 5}), 4);
  testing::ExpectGraphOutputs(g, {x}, {AddAligned(x, y, 1, {3})});
}

TEST(ElementwiseAddConverterTest, RuntimeYGetsAnUnsqueeze) {
  ir::Graph g = testing::ConvertOrDie(AddProgram({3, 4}, 1, nullptr));
  EXPECT_EQ(testing::KindSequence(g), "unsqueeze,add");
  const ir::Node& u = testing::OnlyNode(g, ir::OpKind::kUnsqueeze);
  EXPECT_EQ(u.attr<ir::AxesAttrs>().axes, (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(g.value(u.outputs[0]).shape, Shape({1, 3, 4, 1}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 4, 5}), 5);
  Tensor y = oar::testing::RandomTensor(Shape({3, 4}), 6);
  testing::ExpectGraphOutputs(g, {x, y}, {AddAligned(x, y, 1, {3, 4})});
}

TEST(ElementwiseAddConverterTest, TrailingOnesOfYAreTrimmedWhenTheyDoNotFit) {
  // y [4,5,1] at axis 2 of a rank-4 x: Paddle drops the trailing 1 -> [4,5] at axis 2.
  Tensor y = oar::testing::RandomTensor(Shape({4, 5, 1}), 7);
  ir::Graph g = testing::ConvertOrDie(AddProgram({4, 5, 1}, 2, &y));
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kAdd);
  EXPECT_EQ(g.value(n.inputs[1]).constant->shape(), Shape({1, 1, 4, 5}));

  // A run-time y [4,1,1] at axis 2: squeeze the trimmed dim, then unsqueeze to [1,1,4,1].
  ir::Graph r = testing::ConvertOrDie(AddProgram({4, 1, 1}, 2, nullptr));
  EXPECT_EQ(testing::KindSequence(r), "squeeze,unsqueeze,add");
  EXPECT_EQ(testing::OnlyNode(r, ir::OpKind::kSqueeze).attr<ir::AxesAttrs>().axes, (std::vector<int64_t>{2}));
  EXPECT_EQ(testing::OnlyNode(r, ir::OpKind::kUnsqueeze).attr<ir::AxesAttrs>().axes, (std::vector<int64_t>{0, 1}));
  OAR_SKIP_UNLESS_RUNNABLE(r);
  Tensor x = oar::testing::RandomTensor(Shape({2, 3, 4, 5}), 8);
  Tensor yr = oar::testing::RandomTensor(Shape({4, 1, 1}), 9);
  testing::ExpectGraphOutputs(r, {x, yr}, {AddAligned(x, yr, 2, {4, 1})});
}

TEST(ElementwiseAddConverterTest, LowerRankXAlignsIntoY) {
  ProgramBuilder b;
  b.Feed("x", {3}, 0);
  b.Feed("y", {2, 3, 4}, 1);
  b.Var("out", testing::kFp32, {2, 3, 4});
  b.Op("elementwise_add").In("X", {"x"}).In("Y", {"y"}).Out("Out", {"out"}).Int("axis", 1);
  b.Fetch("out");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::KindSequence(g), "unsqueeze,add");
  const ir::Node& add = testing::OnlyNode(g, ir::OpKind::kAdd);
  EXPECT_EQ(add.inputs[1], g.inputs()[1]);
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kUnsqueeze).attr<ir::AxesAttrs>().axes, (std::vector<int64_t>{0, 2}));
}

TEST(ElementwiseAddConverterTest, BadAxisIsAnError) {
  Tensor y = oar::testing::RandomTensor(Shape({4, 5}), 10);
  testing::ExpectConvertError(AddProgram({4, 5}, 3, &y), ErrorCode::kInvalidGraph,
                              {"op #1 'elementwise_add'", "attribute 'axis' = 3", "does not fit into rank 4"});
  testing::ExpectConvertError(AddProgram({4, 5}, -2, &y), ErrorCode::kInvalidGraph, {"'axis' = -2 is out of range"});
}

}  // namespace
}  // namespace oar::frontends::paddle
