#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

struct Case {
  std::vector<int32_t> axes;
  std::vector<int64_t> ir_axes;
  std::vector<int64_t> out;
};

// Paddle inserts one axis at a time, each relative to the rank reached so far.
TEST(Unsqueeze2ConverterTest, SequentialInsertionBecomesOutputPositions) {
  const std::vector<Case> cases = {
      {{0, 2}, {0, 2}, {1, 3, 1, 4}}, {{2, 0}, {0, 3}, {1, 3, 4, 1}},  // insert at 2 -> [3,4,1]; then at 0 -> [1,3,4,1]
      {{-1}, {2}, {3, 4, 1}},         {{-1, -1}, {2, 3}, {3, 4, 1, 1}}, {{1, 1}, {1, 2}, {3, 1, 1, 4}},
  };
  for (const Case& c : cases) {
    ir::Graph g = testing::ConvertOrDie(
        testing::UnaryProgram("unsqueeze2", {3, 4}, [&](testing::OpBuilder& op) { op.Ints("axes", c.axes); }));
    EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kUnsqueeze).attr<ir::AxesAttrs>().axes, c.ir_axes);
    testing::ExpectInferred(g, "y", DType::kFloat32, Shape(c.out));
  }
}

TEST(Unsqueeze2ConverterTest, ConstantAxesTensorAndRuntimeOnesRejected) {
  testing::ProgramBuilder b;
  b.Feed("x", {3});
  b.Weight("ax", testing::Make<int32_t>(Shape({2}), {0, 2}));
  b.Var("y", testing::kFp32, {1, 3, 1});
  b.Op("unsqueeze").In("X", {"x"}).In("AxesTensor", {"ax"}).Out("Out", {"y"});
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  EXPECT_EQ(testing::OnlyNode(g, ir::OpKind::kUnsqueeze).attr<ir::AxesAttrs>().axes, (std::vector<int64_t>{0, 2}));
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({3}), 1);
  Tensor want = x.Clone();
  want.ReshapeInPlace(Shape({1, 3, 1}));
  testing::ExpectGraphOutputs(g, {x}, {want});

  testing::ProgramBuilder r;
  r.Feed("x", {3}, 0);
  r.Feed("ax", {1}, 1, testing::kInt32);
  r.Var("y", testing::kFp32, {1, 3});
  r.Op("unsqueeze2").In("X", {"x"}).In("AxesTensorList", {"ax"}).Out("Out", {"y"});
  r.Fetch("y");
  testing::ExpectConvertError(r, ErrorCode::kUnsupported, {"'AxesTensorList' must hold constants"});
}

}  // namespace
}  // namespace oar::frontends::paddle
