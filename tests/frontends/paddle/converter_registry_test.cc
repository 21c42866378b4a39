#include "frontends/paddle/converter_registry.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace oar::frontends::paddle {
namespace {

Status Noop(ConverterContext&) { return Status::OK(); }

TEST(ConverterRegistryTest, GlobalHoldsEveryRequiredOp) {
  const ConverterRegistry& r = ConverterRegistry::Global();
  // clang-format off
  for (const char* op :
       {"conv2d", "depthwise_conv2d", "batch_norm", "relu", "relu6", "leaky_relu", "sigmoid", "tanh", "hard_sigmoid",
        "hard_swish", "swish", "gelu", "pool2d", "elementwise_add", "elementwise_sub", "elementwise_mul",
        "elementwise_div", "elementwise_max", "elementwise_min", "elementwise_pow", "mul", "matmul", "matmul_v2", "fc",
        "scale", "softmax", "concat", "split", "reshape2", "flatten2", "flatten_contiguous_range", "transpose2",
        "squeeze2", "unsqueeze2", "shape", "slice", "strided_slice", "cast", "dropout", "lrn", "pad2d",
        "nearest_interp", "nearest_interp_v2", "bilinear_interp", "bilinear_interp_v2", "fill_constant", "assign",
        "assign_value", "clip", "arg_max", "sum", "mean", "reduce_mean", "reduce_sum", "reduce_max", "stack", "exp",
        "sqrt", "layer_norm", "yolo_box", "multiclass_nms3"}) {
    // clang-format on
    EXPECT_NE(r.Find(op), nullptr) << op;
  }
  EXPECT_EQ(r.Find("while"), nullptr);
  EXPECT_EQ(r.Find("feed"), nullptr);  // handled by the program converter
  std::vector<std::string> types = r.OpTypes();
  EXPECT_TRUE(std::is_sorted(types.begin(), types.end()));
  EXPECT_GE(types.size(), 61u);
}

TEST(ConverterRegistryTest, RegisterFindAndStructuralOps) {
  ConverterRegistry r;
  r.Register("b_op", Noop);
  r.Register("a_op", Noop);
  EXPECT_EQ(r.Find("a_op"), &Noop);
  EXPECT_EQ(r.Find("c_op"), nullptr);
  EXPECT_EQ(r.OpTypes(), (std::vector<std::string>{"a_op", "b_op"}));
  EXPECT_TRUE(IsStructuralOp("feed"));
  EXPECT_TRUE(IsStructuralOp("fetch"));
  EXPECT_FALSE(IsStructuralOp("relu"));
}

TEST(ConverterRegistryDeathTest, DuplicateRegistrationAborts) {
  EXPECT_DEATH(
      {
        ConverterRegistry r;
        r.Register("x", Noop);
        r.Register("x", Noop);
      },
      "registered twice");
}

}  // namespace
}  // namespace oar::frontends::paddle
