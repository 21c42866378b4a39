// The structural comparison the pass tests rely on must fail on every kind of difference.
#include "passes/pass_test_util.h"

namespace oar::testing {
namespace {

using ir::OpKind;

// x -> conv(w) -> relu -> out, with knobs for one difference at a time.
struct Knobs {
  int64_t stride = 1;
  bool swap_add_operands = false;
  float weight_offset = 0.0f;
  OpKind act = OpKind::kRelu;
  bool extra_dead_node = false;
  std::string out_name = "out";
};

ir::Graph Make(const Knobs& k) {
  GraphBuilder b;
  ir::ValueId x = b.Input("x", Shape{1, 2, 5, 5});
  ir::ValueId z = b.Input("z", Shape{1, 3, 1, 1});
  Tensor w = RandomTensor(Shape{3, 2, 3, 3}, 1);
  w.data<float>()[4] += k.weight_offset;
  ir::Conv2dAttrs a;
  a.pads = {1, 1, 1, 1};
  a.strides = {k.stride, k.stride};
  ir::ValueId y = b.Op(OpKind::kConv2d, {x, b.Const("w", w)}, a, "conv_named_anyhow");
  ir::ValueId s = k.swap_add_operands ? b.Op(OpKind::kSub, {z, y}) : b.Op(OpKind::kSub, {y, z});
  if (k.extra_dead_node) b.Op(OpKind::kExp, {s});
  b.Output(b.Op(k.act, {s}, ir::NoAttrs{}, k.out_name));
  auto g = b.Build();
  OAR_CHECK(g.ok());
  return *g;
}

TEST(GraphsEquivalent, IgnoresInternalNamesButNotStructure) {
  const ir::Graph base = Make({});
  EXPECT_TRUE(GraphsEquivalent(Make({}), base));
  Knobs stride;
  stride.stride = 2;
  EXPECT_FALSE(GraphsEquivalent(Make(stride), base)) << "attributes";
  Knobs swap;
  swap.swap_add_operands = true;
  EXPECT_FALSE(GraphsEquivalent(Make(swap), base)) << "input order";
  Knobs weight;
  weight.weight_offset = 1e-3f;
  EXPECT_FALSE(GraphsEquivalent(Make(weight), base)) << "constant contents";
  Knobs act;
  act.act = OpKind::kSigmoid;
  EXPECT_FALSE(GraphsEquivalent(Make(act), base)) << "op kind";
  Knobs dead;
  dead.extra_dead_node = true;
  ::testing::AssertionResult r = GraphsEquivalent(Make(dead), base);
  EXPECT_FALSE(r) << "extra live node";
  EXPECT_NE(std::string(r.message()).find("node counts differ"), std::string::npos) << r.message();
  Knobs renamed;
  renamed.out_name = "other";
  EXPECT_FALSE(GraphsEquivalent(Make(renamed), base)) << "graph output name";
  EXPECT_TRUE(GraphsEquivalent(Make(renamed), base, /*check_output_names=*/false));
}

TEST(SameOutputs, DetectsANumericDifference) {
  Knobs weight;
  weight.weight_offset = 0.5f;
  EXPECT_FALSE(SameOutputs(Make(weight), Make({}), 3));
  EXPECT_TRUE(SameOutputs(Make({}), Make({}), 3));
}

}  // namespace
}  // namespace oar::testing
