#include <algorithm>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

// Attribute handling is tested in reduce_common_test.cc; this checks the kind and the values.
TEST(ReduceSumConverterTest, ReducesTheLastAxisKeepingDims) {
  testing::ProgramBuilder b;
  b.Feed("x", {3, 4});
  b.Var("y", testing::kFp32, {3, 1});
  b.Op("reduce_sum")
      .In("X", {"x"})
      .Out("Out", {"y"})
      .Ints("dim", {-1})
      .Bool("keep_dim", true)
      .Bool("reduce_all", false);
  b.Fetch("y");
  ir::Graph g = testing::ConvertOrDie(b);
  const auto& a = testing::OnlyNode(g, ir::OpKind::kReduceSum).attr<ir::ReduceAttrs>();
  EXPECT_EQ(a.axes, (std::vector<int64_t>{1}));
  EXPECT_TRUE(a.keepdims);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({3, 4}), 1, -3.0f, 3.0f);
  Tensor want(DType::kFloat32, Shape({3, 1}));
  for (int r = 0; r < 3; ++r) {
    double s = 0.0;
    for (int c = 0; c < 4; ++c) {
      float v = x.data<float>()[r * 4 + c];
      s += v;
    }
    want.data<float>()[r] = static_cast<float>(s);
  }
  testing::ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-6);
}

}  // namespace
}  // namespace oar::frontends::paddle
