// Tests of the Graphviz export: node shapes, labels and colours (engine vs native, highlight),
// constants hidden or shown, escaping, and SVG rendering through Graphviz.
#include "ir/dot_export.h"

#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "ir/op_schema.h"
#include "test_util.h"

namespace oar::ir {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

//   x -> conv(x, w) -> relu -> engine[sigmoid, tanh] -> (y)
//                         └─> (feat)
Graph Sample() {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{kUnknownDim, 3, 8, 8});
  g.AddInput(x);
  ValueId w = g.AddConstant("conv.w", testing::RandomTensor({4, 3, 3, 3}, 1));
  ValueId c = g.AddValue("conv.out", DType::kFloat32, Shape{});
  g.AddNode("conv", OpKind::kConv2d, {x, w}, {c}, Conv2dAttrs{});
  ValueId r = g.AddValue("relu.out", DType::kFloat32, Shape{});
  g.AddNode("relu \"main\"", OpKind::kRelu, {c}, {r});
  auto sub = std::make_shared<Graph>();
  ValueId si = sub->AddValue("relu.out", DType::kFloat32, Shape{kUnknownDim, 4, 6, 6});
  sub->AddInput(si);
  ValueId s1 = sub->AddValue("sig.out", DType::kFloat32, Shape{});
  ValueId s2 = sub->AddValue("y", DType::kFloat32, Shape{});
  sub->AddNode("sig", OpKind::kSigmoid, {si}, {s1});
  sub->AddNode("th", OpKind::kTanh, {s1}, {s2});
  sub->AddOutput(s2);
  ValueId y = g.AddValue("y", DType::kFloat32, Shape{});
  g.AddNode("cpu_engine_0", OpKind::kEngine, {r}, {y}, EngineAttrs{"cpu", sub});
  g.AddOutput(y);
  g.AddOutput(r);
  Status s = InferShapes(g);
  OAR_CHECK_MSG(s.ok(), s.ToString());
  return g;
}

TEST(DotExportTest, DrawsOpsEnginesAndGraphInputsOutputs) {
  std::string dot = ToDot(Sample());
  EXPECT_EQ(dot.rfind("digraph oar {\n", 0), 0u);
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
  // Inputs and outputs: ellipses with name and type.
  EXPECT_TRUE(Contains(dot, "in0 [shape=ellipse, style=filled, fillcolor=\"#dbe9f6\", label=\"x\\nf32[?,3,8,8]\"]"))
      << dot;
  EXPECT_TRUE(Contains(dot, "out0 [shape=ellipse, style=filled, fillcolor=\"#dbe9f6\", label=\"y\\nf32[?,4,6,6]\"]"));
  EXPECT_TRUE(Contains(dot, "label=\"relu.out\\nf32[?,4,6,6]\""));
  // Native ops: kind + name, native colour; quotes in names escaped.
  EXPECT_TRUE(Contains(dot, "n0 [label=\"conv2d\\nconv\", fillcolor=\"" + std::string(kDotNativeColour) + "\"]"));
  EXPECT_TRUE(Contains(dot, "n1 [label=\"relu\\nrelu \\\"main\\\"\""));
  // Engine node: op count, engine colour, tooltip with kinds.
  EXPECT_TRUE(Contains(dot, "n2 [label=\"engine (2 ops)\\ncpu_engine_0\", fillcolor=\"" +
                                std::string(kDotEngineColour) +
                                "\", penwidth=2, tooltip=\"cpu: sigmoid x1, tanh x1\"]"))
      << dot;
  // Edges: input -> conv -> relu -> engine -> output; relu -> second output.
  for (const char* e : {"in0 -> n0;", "n0 -> n1;", "n1 -> n2;", "n2 -> out0;", "n1 -> out1;"}) {
    EXPECT_TRUE(Contains(dot, e)) << e;
  }
  // Constants hidden by default.
  EXPECT_FALSE(Contains(dot, "conv.w"));
}

TEST(DotExportTest, ConstantsShapesTitleAndHighlight) {
  DotOptions o;
  o.title = "resnet \"before\"";
  o.show_constants = true;
  o.show_shapes = true;
  o.highlight = {{"conv", kDotEngineColour}, {"cpu_engine_0", "orange"}, {"not_a_node", "red"}};
  std::string dot = ToDot(Sample(), o);
  EXPECT_TRUE(Contains(dot, "label=\"resnet \\\"before\\\"\"; labelloc=t;"));
  size_t cnode = dot.find("[shape=note");
  ASSERT_NE(cnode, std::string::npos);
  EXPECT_TRUE(Contains(dot, "label=\"conv.w\\nf32[4,3,3,3]\""));
  EXPECT_TRUE(Contains(dot, " -> n0 [style=dashed];"));
  EXPECT_TRUE(Contains(dot, "in0 -> n0 [label=\"f32[?,3,8,8]\"];"));
  EXPECT_TRUE(Contains(dot, "n0 [label=\"conv2d\\nconv\", fillcolor=\"" + std::string(kDotEngineColour) + "\"]"));
  EXPECT_TRUE(Contains(dot, "fillcolor=\"orange\", penwidth=2"));
  EXPECT_FALSE(Contains(dot, "red"));
}

TEST(DotExportTest, OneEdgePerPairUnlessShapesShown) {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{2});
  g.AddInput(x);
  ValueId m = g.AddValue("m", DType::kFloat32, Shape{2});
  g.AddNode("square", OpKind::kMul, {x, x}, {m});
  g.AddOutput(m);
  std::string dot = ToDot(g);
  EXPECT_EQ(dot.find("in0 -> n0"), dot.rfind("in0 -> n0"));
}

TEST(DotExportTest, WriteSvgRendersWithGraphviz) {
  std::string svg = testing::TempDir() + "/sample.svg";
  Status s = WriteSvg(ToDot(Sample()), svg);
  if (s.code() == ErrorCode::kNotFound) GTEST_SKIP() << "Graphviz not installed: " << s.message();
  OAR_ASSERT_OK(s);
  std::ifstream f(svg);
  std::stringstream text;
  text << f.rdbuf();
  EXPECT_TRUE(Contains(text.str(), "<svg")) << text.str().substr(0, 200);
  EXPECT_TRUE(Contains(text.str(), "cpu_engine_0"));
}

TEST(DotExportTest, WriteSvgErrors) {
  Status missing = WriteSvg("digraph { a -> b }", testing::TempDir() + "/x.svg", "oar-no-such-dot-program");
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Contains(missing.message(), "Graphviz program 'oar-no-such-dot-program' not found on PATH"));
  EXPECT_TRUE(Contains(missing.message(), "apt-get install graphviz"));

  Status probe = WriteSvg("digraph { a }", testing::TempDir() + "/probe.svg");
  if (probe.code() == ErrorCode::kNotFound) GTEST_SKIP() << "Graphviz not installed";
  Status syntax = WriteSvg("digraph { a -> ", testing::TempDir() + "/bad.svg");
  EXPECT_EQ(syntax.code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(syntax.message(), "'dot -Tsvg' failed to write")) << syntax.message();
  EXPECT_TRUE(Contains(syntax.message(), "syntax error")) << syntax.message();
  Status dir = WriteSvg("digraph { a }", "/nonexistent-dir-oar/out.svg");
  EXPECT_EQ(dir.code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(dir.message(), "/nonexistent-dir-oar/out.svg"));
}

}  // namespace
}  // namespace oar::ir
