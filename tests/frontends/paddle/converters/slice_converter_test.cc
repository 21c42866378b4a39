#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(SliceConverterTest, AttributesDecreaseAndClamping) {
  testing::ProgramBuilder b;
  b.Feed("x", {4, 5, 6});
  b.Var("y", testing::kFp32, {3, 6});
  b.Op("slice")
      .In("Input", {"x"})
      .Out("Out", {"y"})
      .Ints("axes", {-2, 0})
      .Ints("starts", {-3, 1})
      .Ints("ends", {-2, 2147483647})
      .Ints("decrease_axis", {1})
      .Ints("infer_flags", {1, 1});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kSlice).attr<ir::SliceAttrs>();
  EXPECT_EQ(a.axes, (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(a.starts, (std::vector<int64_t>{-3, 1}));
  EXPECT_EQ(a.ends, (std::vector<int64_t>{-2, 2147483647}));
  EXPECT_EQ(a.decrease_axes, (std::vector<int64_t>{1}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({4, 5, 6}), 1);
  Tensor want(DType::kFloat32, Shape({3, 6}));
  for (int i = 1; i < 4; ++i)
    for (int k = 0; k < 6; ++k) want.data<float>()[(i - 1) * 6 + k] = x.data<float>()[(i * 5 + 2) * 6 + k];
  testing::ExpectGraphOutputs(g, {x}, {want});
}

TEST(SliceConverterTest, FullDecreaseKeepsDeclaredRankOne) {
  for (bool old_paddle : {true, false}) {
    testing::ProgramBuilder b;
    b.Feed("x", {4}, 0, testing::kInt32);
    b.Var("y", testing::kInt32, old_paddle ? std::vector<int64_t>{1} : std::vector<int64_t>{});
    b.Op("slice")
        .In("Input", {"x"})
        .Out("Out", {"y"})
        .Ints("axes", {0})
        .Ints("starts", {2})
        .Ints("ends", {3})
        .Ints("decrease_axis", {0});
    b.Fetch("y");
    ir::Graph g = testing::ConvertOrDie(b);
    EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kSlice).attr<ir::SliceAttrs>().decrease_axes.size(),
              old_paddle ? 0u : 1u);
    testing::ExpectInferred(g, "y", DType::kInt32, old_paddle ? Shape({1}) : Shape());
  }
}

TEST(SliceConverterTest, TensorStartsAndConstantEnds) {
  testing::ProgramBuilder b;
  b.Feed("x", {6, 3}, 0);
  b.Feed("st", {1}, 1, testing::kInt32);
  b.Weight("e0", testing::Make<int64_t>(Shape({1}), {5}));
  b.Var("y", testing::kFp32, {-1, 3});
  b.Op("slice")
      .In("Input", {"x"})
      .In("StartsTensorList", {"st"})
      .In("EndsTensorList", {"e0"})
      .Out("Out", {"y"})
      .Ints("axes", {0})
      .Ints("starts", {-1})
      .Ints("ends", {-1});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const ir::Node& n = testing::OnlyNode(g, ir::OpKind::kSlice);
  ASSERT_EQ(n.inputs.size(), 2u);
  EXPECT_EQ(n.attr<ir::SliceAttrs>().ends, (std::vector<int64_t>{5}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({6, 3}), 2);
  std::vector<float> rows_2_to_4;
  for (int i = 6; i < 15; ++i) rows_2_to_4.push_back(static_cast<float>(x.GetDouble(i)));
  Tensor want = testing::Make<float>(Shape({3, 3}), rows_2_to_4);
  Tensor start = testing::Make<int32_t>(Shape({1}), {2});
  testing::ExpectGraphOutputs(g, {x, start}, {want});
}

TEST(SliceConverterTest, MismatchedLengthsAndMissingStarts) {
  testing::ProgramBuilder b;
  b.Feed("x", {6, 3});
  b.Var("y", testing::kFp32, {-1, 3});
  b.Op("slice").In("Input", {"x"}).Out("Out", {"y"}).Ints("axes", {0, 1}).Ints("starts", {0}).Ints("ends", {1, 2});
  b.Fetch("y");
  testing::ExpectConvertError(b, ErrorCode::kInvalidGraph, {"must have the same length"});
  testing::ProgramBuilder m;
  m.Feed("x", {6, 3});
  m.Var("y", testing::kFp32, {-1, 3});
  m.Op("slice").In("Input", {"x"}).Out("Out", {"y"}).Ints("axes", {0}).Ints("ends", {1});
  m.Fetch("y");
  testing::ExpectConvertError(m, ErrorCode::kInvalidGraph, {"no 'starts'"});
}

}  // namespace
}  // namespace oar::frontends::paddle
