#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle {
namespace {

TEST(MeanConverterTest, ReducesEverythingToTheDeclaredRank) {
  for (bool rank1 : {true, false}) {
    testing::ProgramBuilder b;
    b.Feed("x", {3, 4});
    b.Var("y", testing::kFp32, rank1 ? std::vector<int64_t>{1} : std::vector<int64_t>{});
    b.Op("mean").In("X", {"x"}).Out("Out", {"y"});
    b.Fetch("y");
    ir::Graph h = testing::ConvertOrDie(b);
    EXPECT_EQ(testing::KindSequence(h), rank1 ? "reduce_mean,reshape" : "reduce_mean");
    EXPECT_TRUE(testing::OnlyNode(h, ir::OpKind::kReduceMean).attr<ir::ReduceAttrs>().reduce_all);
    testing::ExpectInferred(h, "y", DType::kFloat32, rank1 ? Shape({1}) : Shape());
    if (!testing::MissingRuntimeSupport(h).empty()) continue;
    Tensor x = oar::testing::RandomTensor(Shape({3, 4}), 1);
    double s = 0;
    for (int i = 0; i < 12; ++i) s += x.data<float>()[i];
    Tensor want(DType::kFloat32, rank1 ? Shape({1}) : Shape());
    want.data<float>()[0] = static_cast<float>(s / 12);
    testing::ExpectGraphOutputs(h, {x}, {want}, 1e-5, 1e-6);
  }
}

}  // namespace
}  // namespace oar::frontends::paddle
