// Shared body of the elementwise_{sub,mul,div,max,min,pow} converter tests: x [3,4] (op) y,
// with y [4] (trailing broadcast, axis -1) and y [3] at axis 0 (Paddle's axis broadcasting,
// converted to an unsqueeze). Checks the converted structure and, where kernels exist, the
// numbers against `expected(a, b)` on random inputs drawn from [lo, hi).
#pragma once

#include <functional>
#include <string>

#include "frontends/paddle/program_builder.h"

namespace oar::frontends::paddle::testing {

inline void ExpectBinaryBroadcastsLikePaddle(const std::string& paddle_op, ir::OpKind kind,
                                             const std::function<float(float, float)>& expected, float lo = -2.0f,
                                             float hi = 2.0f) {
  const std::string kind_name = ir::OpKindName(kind);
  for (int axis : {-1, 0}) {
    SCOPED_TRACE(paddle_op + " axis " + std::to_string(axis));
    const int64_t n = axis == -1 ? 4 : 3;
    ProgramBuilder b;
    b.Feed("x", {3, 4}, 0);
    b.Feed("y", {n}, 1);
    b.Var("out", kFp32, {3, 4});
    b.Op(paddle_op).In("X", {"x"}).In("Y", {"y"}).Out("Out", {"out"}).Int("axis", axis);
    b.Fetch("out");
    ir::Graph g = ConvertOrDie(b);
    const ir::Node& node = OnlyNode(g, kind);
    EXPECT_EQ(node.inputs[0], g.inputs()[0]);
    EXPECT_EQ(KindSequence(g), axis == -1 ? kind_name : "unsqueeze," + kind_name);
    if (!MissingRuntimeSupport(g).empty()) continue;
    Tensor x = oar::testing::RandomTensor(Shape({3, 4}), 20 + axis, lo, hi);
    Tensor y = oar::testing::RandomTensor(Shape({n}), 30 + axis, lo, hi);
    Tensor want(DType::kFloat32, Shape({3, 4}));
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 4; ++j) {
        want.data<float>()[i * 4 + j] = expected(x.data<float>()[i * 4 + j], y.data<float>()[axis == -1 ? j : i]);
      }
    }
    ExpectGraphOutputs(g, {x, y}, {want}, 1e-5, 1e-6);
  }
}

}  // namespace oar::frontends::paddle::testing
