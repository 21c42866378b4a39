#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

struct FlattenCase {
  int axis;
  std::vector<int64_t> out;
  const char* kinds;
};

TEST(Flatten2ConverterTest, EveryAxisGivesPaddles2DShape) {
  const std::vector<FlattenCase> cases = {{0, {1, 120}, "flatten,unsqueeze"},
                                          {1, {2, 60}, "flatten"},
                                          {2, {6, 20}, "flatten,flatten"},
                                          {3, {24, 5}, "flatten"},
                                          {4, {120, 1}, "flatten,unsqueeze"}};
  for (const FlattenCase& c : cases) {
    for (const char* type : {"flatten2", "flatten"}) {
      testing::ProgramBuilder b;
      b.Feed("x", {2, 3, 4, 5});
      b.Var("y", testing::kFp32, c.out);
      b.Op(type).In("X", {"x"}).Out("Out", {"y"}).Int("axis", c.axis);
      b.Fetch("y");
      ir::Graph g = testing::ConvertOrDie(b);
      EXPECT_EQ(testing::KindSequence(g), c.kinds) << "axis " << c.axis;
      testing::ExpectInferred(g, "y", DType::kFloat32, Shape(c.out));
      if (!testing::MissingRuntimeSupport(g).empty()) continue;
      Tensor x = oar::testing::RandomTensor(Shape({2, 3, 4, 5}), static_cast<uint64_t>(c.axis));
      Tensor want = x.Clone();
      want.ReshapeInPlace(Shape(c.out));
      testing::ExpectGraphOutputs(g, {x}, {want});
    }
  }
}

TEST(Flatten2ConverterTest, AxisOutOfRange) {
  testing::ProgramBuilder b;
  b.Feed("x", {2, 3});
  b.Var("y", testing::kFp32, {6, 1});
  b.Op("flatten2").In("X", {"x"}).Out("Out", {"y"}).Int("axis", 3);
  b.Fetch("y");
  testing::ExpectConvertError(b, ErrorCode::kInvalidGraph, {"attribute 'axis' = 3 must be in [0, 2]"});
}

}  // namespace
}  // namespace oar::frontends::paddle
