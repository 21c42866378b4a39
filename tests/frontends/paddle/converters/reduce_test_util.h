// Shared body of the reduce_{mean,sum,max} converter tests: x [3,4] reduced over the last axis
// with keep_dim -> [3,1]. Checks the converted attributes and, where kernels exist, the values
// against `reduce_row` (float64) on random inputs. Attribute handling is in reduce_common_test.cc.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle::testing {

inline void ExpectReducesLastAxisKeepingDims(const std::string& paddle_op, ir::OpKind kind,
                                             const std::function<double(const std::vector<double>&)>& reduce_row) {
  ProgramBuilder b;
  b.Feed("x", {3, 4});
  b.Var("y", kFp32, {3, 1});
  b.Op(paddle_op).In("X", {"x"}).Out("Out", {"y"}).Ints("dim", {-1}).Bool("keep_dim", true).Bool("reduce_all", false);
  b.Fetch("y");
  ir::Graph g = ConvertOrDie(b);
  const auto& a = OnlyNode(g, kind).attr<ir::ReduceAttrs>();
  EXPECT_EQ(a.axes, (std::vector<int64_t>{1}));
  EXPECT_TRUE(a.keepdims);
  OAR_SKIP_UNLESS_RUNNABLE(g);
  Tensor x = oar::testing::RandomTensor(Shape({3, 4}), 1, -3.0f, 3.0f);
  Tensor want(DType::kFloat32, Shape({3, 1}));
  for (int r = 0; r < 3; ++r) {
    std::vector<double> row(x.data<float>() + r * 4, x.data<float>() + r * 4 + 4);
    want.data<float>()[r] = static_cast<float>(reduce_row(row));
  }
  ExpectGraphOutputs(g, {x}, {want}, 1e-5, 1e-6);
}

}  // namespace oar::frontends::paddle::testing
