// Tests of the kEngine schema: shape inference through the subgraph (static and unknown dims,
// value inputs), validation errors, verifier and printer support.
#include <memory>
#include <string>
#include <vector>

#include "ir/op_schema.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "test_util.h"

namespace oar::ir {
namespace {

constexpr int64_t U = kUnknownDim;

// a, b -> add -> relu -> (out0) ; add -> transpose -> (out1)
std::shared_ptr<const Graph> AddReluTranspose() {
  auto g = std::make_shared<Graph>();
  ValueId a = g->AddValue("a", DType::kFloat32, Shape{U, 4});
  ValueId b = g->AddValue("b", DType::kFloat32, Shape{U, 4});
  g->AddInput(a);
  g->AddInput(b);
  ValueId s = g->AddValue("s", DType::kUndefined, Shape());
  ValueId r = g->AddValue("r", DType::kUndefined, Shape());
  ValueId t = g->AddValue("t", DType::kUndefined, Shape());
  g->AddNode("add", OpKind::kAdd, {a, b}, {s});
  g->AddNode("relu", OpKind::kRelu, {s}, {r});
  g->AddNode("transpose", OpKind::kTranspose, {s}, {t}, TransposeAttrs{{1, 0}});
  g->AddOutput(r);
  g->AddOutput(t);
  Status st = InferShapes(*g);
  OAR_CHECK_MSG(st.ok(), st.ToString());
  return g;
}

/// A parent graph with one engine node over `sub`; inputs given as (name, dtype, shape).
struct Parent {
  Graph g;
  NodeId engine = kNoNode;
  std::vector<ValueId> outs;
};

Parent MakeParent(std::shared_ptr<const Graph> sub, const std::vector<std::pair<DType, Shape>>& inputs,
                  int num_outputs) {
  Parent p;
  std::vector<ValueId> ins;
  for (size_t i = 0; i < inputs.size(); ++i) {
    ValueId v = p.g.AddValue("in" + std::to_string(i), inputs[i].first, inputs[i].second);
    p.g.AddInput(v);
    ins.push_back(v);
  }
  for (int o = 0; o < num_outputs; ++o)
    p.outs.push_back(p.g.AddValue("out" + std::to_string(o), DType::kUndefined, Shape()));
  p.engine = p.g.AddNode("cpu_engine_0", OpKind::kEngine, ins, p.outs, EngineAttrs{"cpu", std::move(sub)});
  for (ValueId v : p.outs) p.g.AddOutput(v);
  return p;
}

TEST(EngineSchemaTest, OutputsComeFromTheSubgraph) {
  Parent p = MakeParent(AddReluTranspose(), {{DType::kFloat32, Shape{3, 4}}, {DType::kFloat32, Shape{1, 4}}}, 2);
  OAR_ASSERT_OK(InferShapes(p.g));
  EXPECT_EQ(p.g.value(p.outs[0]).dtype, DType::kFloat32);
  EXPECT_EQ(p.g.value(p.outs[0]).shape, (Shape{3, 4}));  // broadcast [3,4] + [1,4]
  EXPECT_EQ(p.g.value(p.outs[1]).shape, (Shape{4, 3}));
  OAR_EXPECT_OK(VerifyGraph(p.g));
  // Unknown dims flow through as well.
  Parent q = MakeParent(AddReluTranspose(), {{DType::kFloat32, Shape{U, 4}}, {DType::kFloat32, Shape{U, 4}}}, 2);
  OAR_ASSERT_OK(InferShapes(q.g));
  EXPECT_EQ(q.g.value(q.outs[1]).shape, (Shape{4, U}));
}

TEST(EngineSchemaTest, KnownValuesReachValueInputsInside) {
  // sub(data f32[?], shape i64[2]) = reshape(data, shape)
  auto sub = std::make_shared<Graph>();
  ValueId data = sub->AddValue("data", DType::kFloat32, Shape{U});
  ValueId shape = sub->AddValue("shape", DType::kInt64, Shape{2});
  sub->AddInput(data);
  sub->AddInput(shape);
  ValueId out = sub->AddValue("reshaped", DType::kUndefined, Shape());
  sub->AddNode("reshape", OpKind::kReshape, {data, shape}, {out}, ReshapeAttrs{});
  sub->AddOutput(out);
  OAR_ASSERT_OK(InferShapes(*sub));

  Parent p = MakeParent(sub, {{DType::kFloat32, Shape{6}}, {DType::kInt64, Shape{2}}}, 1);
  // Unknown contents: rank 2, dims unknown.
  OAR_ASSERT_OK(InferShapes(p.g));
  EXPECT_EQ(p.g.value(p.outs[0]).shape, (Shape{U, U}));
  // Known contents (a constant in the parent): static dims.
  const int64_t dims[] = {2, 3};
  p.g.mutable_value(p.g.node(p.engine).inputs[1]).constant =
      std::make_shared<const Tensor>(MakeTensor<int64_t>(Shape{2}, dims));
  OAR_ASSERT_OK(InferShapes(p.g));
  EXPECT_EQ(p.g.value(p.outs[0]).shape, (Shape{2, 3}));
}

TEST(EngineSchemaTest, ErrorsNameTheEngineNode) {
  Parent few = MakeParent(AddReluTranspose(), {{DType::kFloat32, Shape{3, 4}}}, 2);
  Status s = InferShapes(few.g);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidGraph);
  EXPECT_NE(s.message().find("op 'cpu_engine_0' (engine): expected 2 inputs (one per subgraph input), got 1"),
            std::string::npos)
      << s.message();

  Parent outs = MakeParent(AddReluTranspose(), {{DType::kFloat32, Shape{3, 4}}, {DType::kFloat32, Shape{3, 4}}}, 1);
  s = InferShapes(outs.g);
  EXPECT_NE(s.message().find("expected 2 outputs (one per subgraph output), got 1"), std::string::npos) << s.message();

  Parent dtype = MakeParent(AddReluTranspose(), {{DType::kFloat32, Shape{3, 4}}, {DType::kFloat16, Shape{3, 4}}}, 2);
  s = InferShapes(dtype.g);
  EXPECT_NE(s.message().find("input #1: expected dtype f32 (subgraph input 'b'), got f16[3,4]"), std::string::npos)
      << s.message();

  Parent bad = MakeParent(AddReluTranspose(), {{DType::kFloat32, Shape{3, 4}}, {DType::kFloat32, Shape{5, 4}}}, 2);
  s = InferShapes(bad.g);
  EXPECT_NE(s.message().find("op 'cpu_engine_0' (engine): subgraph: op 'add' (add)"), std::string::npos) << s.message();

  Parent none = MakeParent(nullptr, {}, 1);
  s = InferShapes(none.g);
  EXPECT_NE(s.message().find("engine node has no subgraph"), std::string::npos) << s.message();
}

TEST(EngineSchemaTest, RegisteredVariadicAndPrinted) {
  const OpSchema* schema = FindSchema(OpKind::kEngine);
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema->min_inputs, 0);
  EXPECT_EQ(schema->max_inputs, -1);
  EXPECT_EQ(schema->num_outputs, -1);
  OpKind k;
  ASSERT_TRUE(ParseOpKind("engine", &k));
  EXPECT_EQ(k, OpKind::kEngine);
  Parent p = MakeParent(AddReluTranspose(), {{DType::kFloat32, Shape{3, 4}}, {DType::kFloat32, Shape{3, 4}}}, 2);
  OAR_ASSERT_OK(InferShapes(p.g));
  EXPECT_EQ(PrintAttrs(p.g.node(p.engine).attrs), "{backend=cpu, ops=3}");
  EXPECT_EQ(PrintNode(p.g, p.engine),
            "%out0, %out1 = engine(%in0, %in1) {backend=cpu, ops=3}  # cpu_engine_0 -> f32[3,4]");
}

}  // namespace
}  // namespace oar::ir
