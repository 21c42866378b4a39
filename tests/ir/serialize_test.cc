#include "ir/serialize.h"

#include <cctype>
#include <cstring>
#include <random>
#include <set>
#include <tuple>

#include "ir/op_schema.h"
#include "ir/serialize_internal.h"
#include "ir/verifier.h"
#include "test_util.h"

namespace oar::ir {
namespace {

using serialize_internal::AggregateFieldCount;

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// ---------------------------------------------------------------- field-by-field comparison

bool GraphsEqual(const Graph& a, const Graph& b, std::string* why);

bool FieldEq(float a, float b) { return std::memcmp(&a, &b, sizeof(a)) == 0; }
bool FieldEq(double a, double b) { return std::memcmp(&a, &b, sizeof(a)) == 0; }
bool FieldEq(const std::shared_ptr<const Graph>& a, const std::shared_ptr<const Graph>& b) {
  if (!a || !b) return !a && !b;
  std::string why;
  return GraphsEqual(*a, *b, &why);
}
template <typename T>
bool FieldEq(const T& a, const T& b);

// Every member of an aggregate, through structured bindings sized by AggregateFieldCount (so a
// field added to a struct is compared without touching this test).
template <typename T, typename F>
auto ForFields(const T& x, F&& f) {
  constexpr size_t n = AggregateFieldCount<T>();
  static_assert(n <= 9, "extend ForFields");
  if constexpr (n == 0) {
    return f();
  } else if constexpr (n == 1) {
    const auto& [a] = x;
    return f(a);
  } else if constexpr (n == 2) {
    const auto& [a, b] = x;
    return f(a, b);
  } else if constexpr (n == 3) {
    const auto& [a, b, c] = x;
    return f(a, b, c);
  } else if constexpr (n == 4) {
    const auto& [a, b, c, d] = x;
    return f(a, b, c, d);
  } else if constexpr (n == 5) {
    const auto& [a, b, c, d, e] = x;
    return f(a, b, c, d, e);
  } else if constexpr (n == 6) {
    const auto& [a, b, c, d, e, g] = x;
    return f(a, b, c, d, e, g);
  } else if constexpr (n == 7) {
    const auto& [a, b, c, d, e, g, h] = x;
    return f(a, b, c, d, e, g, h);
  } else if constexpr (n == 8) {
    const auto& [a, b, c, d, e, g, h, i] = x;
    return f(a, b, c, d, e, g, h, i);
  } else {
    const auto& [a, b, c, d, e, g, h, i, j] = x;
    return f(a, b, c, d, e, g, h, i, j);
  }
}

// Fields of one struct as a tuple of pointers (for pairwise walks of two structs).
template <typename T>
auto FieldPtrs(const T& x) {
  return ForFields(x, [](const auto&... f) { return std::make_tuple(&f...); });
}

template <typename T>
bool FieldEq(const T& a, const T& b) {
  if constexpr (std::is_class_v<T> && std::is_aggregate_v<T>) {
    auto pa = FieldPtrs(a);
    auto pb = FieldPtrs(b);
    return std::apply(
        [&](const auto*... xa) {
          return std::apply([&](const auto*... xb) { return (FieldEq(*xa, *xb) && ...); }, pb);
        },
        pa);
  } else {
    return a == b;
  }
}

// True when every field of `a` differs from the same field of `b` (nested structs: some field).
template <typename T>
bool EveryFieldDiffers(const T& a, const T& b) {
  auto pa = FieldPtrs(a);
  auto pb = FieldPtrs(b);
  return std::apply(
      [&](const auto*... xa) { return std::apply([&](const auto*... xb) { return (!FieldEq(*xa, *xb) && ...); }, pb); },
      pa);
}

bool AttrsEq(const Attrs& a, const Attrs& b) {
  if (a.index() != b.index()) return false;
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        return FieldEq(x, std::get<T>(b));
      },
      a);
}

bool TensorsEqual(const Tensor& a, const Tensor& b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() &&
         (a.nbytes() == 0 || std::memcmp(a.raw_data(), b.raw_data(), a.nbytes()) == 0);
}

bool GraphsEqual(const Graph& a, const Graph& b, std::string* why) {
  if (a.num_values() != b.num_values()) return *why = "value count", false;
  if (a.num_nodes() != b.num_nodes()) return *why = "node count", false;
  for (ValueId i = 0; i < a.num_values(); ++i) {
    const Value& x = a.value(i);
    const Value& y = b.value(i);
    if (x.name != y.name || x.dtype != y.dtype || x.shape != y.shape || x.producer != y.producer ||
        x.is_constant() != y.is_constant() || (x.is_constant() && !TensorsEqual(*x.constant, *y.constant))) {
      return *why = "value #" + std::to_string(i) + " '" + x.name + "'", false;
    }
  }
  for (NodeId i = 0; i < a.num_nodes(); ++i) {
    const Node& x = a.node(i);
    const Node& y = b.node(i);
    if (x.name != y.name || x.kind != y.kind || x.removed != y.removed || x.inputs != y.inputs ||
        x.outputs != y.outputs || !AttrsEq(x.attrs, y.attrs)) {
      return *why = "node #" + std::to_string(i) + " '" + x.name + "'", false;
    }
  }
  if (a.inputs() != b.inputs()) return *why = "graph inputs", false;
  if (a.outputs() != b.outputs()) return *why = "graph outputs", false;
  return true;
}

// ---------------------------------------------------------------- test graphs

// A small engine subgraph: (x, w) -> relu(x) * w.
std::shared_ptr<const Graph> EngineSubgraph(uint64_t seed) {
  auto g = std::make_shared<Graph>();
  ValueId x = g->AddValue("sx", DType::kFloat32, Shape{kUnknownDim, 5});
  ValueId w = g->AddConstant("sw", testing::RandomTensor(Shape{5}, seed));
  ValueId r = g->AddValue("sr", DType::kFloat32, Shape{kUnknownDim, 5});
  ValueId y = g->AddValue("sy", DType::kFloat32, Shape{kUnknownDim, 5});
  g->AddNode("s_relu", OpKind::kRelu, {x}, {r});
  g->AddNode("s_mul", OpKind::kMul, {r, w}, {y});
  g->AddInput(x);
  g->AddOutput(y);
  return g;
}

// One instance of every Attrs struct with every field away from its default.
std::vector<Attrs> NonDefaultAttrs() {
  FusedActivation act{ActivationKind::kHardSwish, 5.5f, 6.25f, 2.75f};
  std::vector<Attrs> out;
  out.push_back(NoAttrs{});
  out.push_back(Conv2dAttrs{{2, 3}, {1, 2, 3, 4}, {2, 1}, 3, PadMode::kSame, act});
  out.push_back(BatchNormAttrs{1e-3f});
  out.push_back(LayerNormAttrs{2, 3e-6f});
  out.push_back(Pool2dAttrs{PoolType::kAvg, {3, 5}, {2, 3}, {1, 0, 2, 1}, PadMode::kValid, true, true, true, false});
  out.push_back(MatMulAttrs{true, true, 0.125f, FusedActivation{ActivationKind::kClip, -1.5f, 2.5f, 0.0f}});
  out.push_back(SoftmaxAttrs{1});
  out.push_back(LrnAttrs{7, 2e-4f, 0.5f, 2.0f});
  out.push_back(ResizeAttrs{ResizeMode::kBilinear, true, 0, 17, 23, 1.5f, 2.5f});
  out.push_back(PadAttrs{{0, 1, 2, 3, 3, 2, 1, 0}, PadType::kReflect, -7.5f});
  out.push_back(LeakyReluAttrs{0.3f});
  out.push_back(HardSigmoidAttrs{0.25f, 0.375f});
  out.push_back(HardSwishAttrs{5.0f, 7.0f, 2.0f});
  out.push_back(SwishAttrs{1.75f});
  out.push_back(GeluAttrs{true});
  out.push_back(ClipAttrs{-0.5f, 6.0f});
  out.push_back(ScaleAttrs{0.5f, -3.0f, false});
  out.push_back(ReduceAttrs{{0, -1}, true, true});
  out.push_back(ArgMaxAttrs{2, true, true, DType::kInt32});
  out.push_back(ReshapeAttrs{{0, -1, 7}});
  out.push_back(FlattenAttrs{2, 3});
  out.push_back(TransposeAttrs{{0, 2, 3, 1}});
  out.push_back(AxesAttrs{{1, -2}});
  out.push_back(AxisAttrs{-3});
  out.push_back(SplitAttrs{1, {2, -1, 4}, 3});
  out.push_back(SliceAttrs{{1, 2}, {-3, 0}, {100, -1}, {2, 1}, {1}});
  out.push_back(CastAttrs{DType::kFloat16});
  out.push_back(FillAttrs{{2, 3}, -2.5e300, DType::kInt64});
  out.push_back(YoloBoxAttrs{{10, 13, 16, 30}, 80, 0.005f, 16, false, 1.05f, true, 0.4f});
  out.push_back(MulticlassNmsAttrs{0.1f, 1000, 100, 0.45f, false, 0.9f, -1});
  out.push_back(EngineAttrs{"cpu", EngineSubgraph(5)});
  return out;
}

int NumOutputsFor(const OpSchema& s) { return s.num_outputs >= 0 ? s.num_outputs : 2; }

// A node of every OpKind (inputs as the schema allows, an absent optional input where there is
// one), carrying the Attrs structs above in turn so every struct appears at least once; constants
// of several dtypes; graph inputs added out of id order; a removed node.
Graph EveryKindGraph() {
  Graph g;
  ValueId b = g.AddValue("b", DType::kFloat32, Shape{kUnknownDim, 3, 8, 8});
  ValueId a = g.AddValue("a", DType::kFloat32, Shape{kUnknownDim, 3, 8, 8});
  g.AddConstant("w_f32", testing::RandomTensor(Shape{4, 3, 3, 3}, 1));
  g.AddConstant("w_i64", testing::RandomIntTensor(DType::kInt64, Shape{3}, 2, -1000000000000LL, 1000000000000LL));
  g.AddConstant("w_i32", testing::RandomIntTensor(DType::kInt32, Shape{2, 5}, 3, -100000, 100000));
  g.AddConstant("w_i8", testing::RandomIntTensor(DType::kInt8, Shape{7}, 4, -128, 127));
  g.AddConstant("w_u8", testing::RandomIntTensor(DType::kUInt8, Shape{3, 1}, 5, 0, 255));
  g.AddConstant("w_bool", testing::RandomIntTensor(DType::kBool, Shape{5}, 6, 0, 1));
  Tensor f64(DType::kFloat64, Shape{2, 2});
  for (int i = 0; i < 4; ++i) f64.data<double>()[i] = 1.0 / (i + 3);
  g.AddConstant("w_f64", f64);
  Tensor f16(DType::kFloat16, Shape{3});
  for (int i = 0; i < 3; ++i) f16.data<uint16_t>()[i] = FloatToHalf(0.1f * static_cast<float>(i) - 0.7f);
  g.AddConstant("w_f16", f16);
  Tensor bf16(DType::kBFloat16, Shape{2});
  for (int i = 0; i < 2; ++i) bf16.data<uint16_t>()[i] = FloatToBFloat16(3.3f * static_cast<float>(i + 1));
  g.AddConstant("w_bf16", bf16);
  Tensor i16(DType::kInt16, Shape{});
  i16.data<int16_t>()[0] = -12345;
  g.AddConstant("w_scalar_i16", i16);
  g.AddConstant("w_empty", Tensor(DType::kFloat32, Shape{0, 3}));

  std::vector<Attrs> attrs = NonDefaultAttrs();
  size_t next_attrs = 0;
  ValueId prev = a;
  for (int k = 0; k < static_cast<int>(OpKind::kNumKinds); ++k) {
    OpKind kind = static_cast<OpKind>(k);
    const OpSchema* s = FindSchema(kind);
    OAR_CHECK(s != nullptr);
    std::string base = std::string(OpKindName(kind)) + "_" + std::to_string(k);
    std::vector<ValueId> ins;
    int n_in = std::max(s->min_inputs, s->max_inputs < 0 ? s->min_inputs + 1 : s->max_inputs);
    for (int i = 0; i < n_in; ++i) {
      bool optional = i >= s->min_inputs;
      if (optional && i == n_in - 1 && n_in > 1 && kind != OpKind::kEngine) {
        ins.push_back(kNoValue);  // an absent optional input
      } else {
        ins.push_back(i % 2 ? b : prev);
      }
    }
    std::vector<ValueId> outs;
    Attrs at = attrs[next_attrs++ % attrs.size()];
    if (kind == OpKind::kEngine) {
      at = EngineAttrs{"cpu", EngineSubgraph(9)};
      ins = {prev};
    }
    int n_out = kind == OpKind::kEngine ? 1 : NumOutputsFor(*s);
    for (int o = 0; o < n_out; ++o) {
      outs.push_back(g.AddValue(base + ".out" + std::to_string(o), DType::kFloat32, Shape{kUnknownDim, 3, 8, 8}));
    }
    g.AddNode(base, kind, ins, outs, at);
    prev = outs[0];
  }
  // A removed node whose output is unused.
  ValueId dead = g.AddValue("dead.out", DType::kFloat32, Shape{1});
  NodeId dn = g.AddNode("dead", OpKind::kExp, {a}, {dead});
  g.RemoveNode(dn);
  g.AddInput(a);
  g.AddInput(b);
  g.AddOutput(prev);
  g.AddOutput(g.FindValue("w_i32"));
  OAR_CHECK(VerifyGraph(g).ok());
  return g;
}

// ---------------------------------------------------------------- round trips

// The field counter behind the serializer's static_asserts (serialize_attrs.cc) counts members
// of every type the attribute structs use, nested aggregates as one field.
struct FieldCountProbe {
  std::vector<int64_t> v;
  std::string s;
  std::shared_ptr<const Graph> g;
  FusedActivation a;
  DType d = DType::kFloat32;
  PadMode m = PadMode::kSame;
  float f = 0;
  double x = 0;
  bool b = false;
};

TEST(GraphSerializeTest, FieldCounterCountsMembers) {
  EXPECT_EQ(AggregateFieldCount<FieldCountProbe>(), 9u);
  EXPECT_EQ(AggregateFieldCount<NoAttrs>(), 0u);
  EXPECT_EQ(AggregateFieldCount<FusedActivation>(), 4u);
  EXPECT_EQ(AggregateFieldCount<Conv2dAttrs>(), 6u);
  EXPECT_EQ(AggregateFieldCount<EngineAttrs>(), 2u);
}

TEST(GraphSerializeTest, NonDefaultAttrsReallyDifferFromDefaults) {
  // The premise of the round-trip test: a decoder that left any field at its default would be
  // caught, because no field holds its default here.
  int checked = 0;
  for (const Attrs& at : NonDefaultAttrs()) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (AggregateFieldCount<T>() > 0) {
            EXPECT_TRUE(EveryFieldDiffers(x, T{})) << "attrs variant index " << at.index();
            ++checked;
          }
        },
        at);
  }
  EXPECT_EQ(checked, static_cast<int>(std::variant_size_v<Attrs>) - 1);
  std::set<size_t> indices;
  for (const Attrs& at : NonDefaultAttrs()) indices.insert(at.index());
  EXPECT_EQ(indices.size(), std::variant_size_v<Attrs>);
}

TEST(GraphSerializeTest, ComparisonSeesEveryField) {
  // GraphsEqual must notice a change of any single attribute field (else the round trip below
  // could not fail): flip one field at a time through the encoder's view of the struct.
  Conv2dAttrs c = std::get<Conv2dAttrs>(NonDefaultAttrs()[1]);
  Conv2dAttrs c2 = c;
  EXPECT_TRUE(AttrsEq(c, c2));
  c2.activation.gamma += 1.0f;
  EXPECT_FALSE(AttrsEq(c, c2));
  Pool2dAttrs p = std::get<Pool2dAttrs>(NonDefaultAttrs()[4]);
  Pool2dAttrs p2 = p;
  p2.exclusive = !p2.exclusive;
  EXPECT_FALSE(AttrsEq(p, p2));
  EngineAttrs e{"cpu", EngineSubgraph(5)};
  EngineAttrs e2{"cpu", EngineSubgraph(6)};  // other weights
  EXPECT_FALSE(AttrsEq(e, e2));
  EXPECT_TRUE(AttrsEq(e, EngineAttrs{"cpu", EngineSubgraph(5)}));
}

TEST(GraphSerializeTest, EveryKindAndAttrsRoundTrips) {
  Graph g = EveryKindGraph();
  const std::string bytes = SerializeGraph(g);
  ASSERT_EQ(bytes.substr(0, 4), "OARG");
  EXPECT_EQ(bytes.substr(4, 4), std::string("\x01\x00\x00\x00", 4));
  OAR_ASSERT_OK_AND_ASSIGN(Graph back, DeserializeGraph(bytes));
  std::string why;
  EXPECT_TRUE(GraphsEqual(g, back, &why)) << why;
  OAR_EXPECT_OK(VerifyGraph(back));
  EXPECT_EQ(back.inputs(), std::vector<ValueId>({1, 0}));
  EXPECT_TRUE(back.node(back.num_nodes() - 1).removed);
  // Names map back to ids (the graph's name index is rebuilt).
  EXPECT_EQ(back.FindValue("w_bool"), g.FindValue("w_bool"));
  // Deterministic, and decode/encode is the identity on bytes.
  EXPECT_EQ(SerializeGraph(g), bytes);
  EXPECT_EQ(SerializeGraph(back), bytes);
  EXPECT_EQ(GraphFingerprint(back), GraphFingerprint(g));
}

TEST(GraphSerializeTest, EachAttrsStructRoundTripsAlone) {
  for (const Attrs& at : NonDefaultAttrs()) {
    Graph g;
    ValueId x = g.AddValue("x", DType::kFloat32, Shape{2});
    ValueId y = g.AddValue("y", DType::kFloat32, Shape{2});
    // The verifier does not tie attrs to kinds, so an engine node can carry any struct here.
    g.AddNode("n", OpKind::kEngine, {x}, {y}, at);
    g.AddInput(x);
    g.AddOutput(y);
    OAR_ASSERT_OK_AND_ASSIGN(Graph back, DeserializeGraph(SerializeGraph(g)));
    EXPECT_TRUE(AttrsEq(g.node(0).attrs, back.node(0).attrs)) << "attrs variant index " << at.index();
  }
}

TEST(GraphSerializeTest, StreamingWriterGivesSameBytes) {
  Graph g = EveryKindGraph();
  std::string streamed;
  ByteWriter w([&](const char* d, size_t n) { streamed.append(d, n); }, 64);
  SerializeGraph(g, w);
  w.Flush();
  EXPECT_EQ(streamed, SerializeGraph(g));
  // Appends: a prefix already in the writer stays, and a reader positioned after it decodes.
  ByteWriter m;
  m.WriteString("header");
  SerializeGraph(g, m);
  const std::string all = m.Release();
  ByteReader r(all, "graph decode");
  std::string header;
  OAR_ASSERT_OK(r.ReadString(&header, "header"));
  OAR_ASSERT_OK_AND_ASSIGN(Graph back, DeserializeGraph(r));
  EXPECT_TRUE(r.AtEnd());
  EXPECT_EQ(back.num_nodes(), g.num_nodes());
}

TEST(GraphSerializeTest, NestedEnginesRoundTripAndDepthIsLimited) {
  auto nest = [](int depth) {
    std::shared_ptr<const Graph> inner = EngineSubgraph(3);
    for (int d = 0; d < depth; ++d) {
      auto g = std::make_shared<Graph>();
      ValueId x = g->AddValue("x" + std::to_string(d), DType::kFloat32, Shape{kUnknownDim, 5});
      ValueId y = g->AddValue("y" + std::to_string(d), DType::kFloat32, Shape{kUnknownDim, 5});
      g->AddNode("engine" + std::to_string(d), OpKind::kEngine, {x}, {y}, EngineAttrs{"cpu", inner});
      g->AddInput(x);
      g->AddOutput(y);
      inner = g;
    }
    return inner;
  };
  auto three = nest(3);
  OAR_ASSERT_OK_AND_ASSIGN(Graph back, DeserializeGraph(SerializeGraph(*three)));
  std::string why;
  EXPECT_TRUE(GraphsEqual(*three, back, &why)) << why;

  auto deep = nest(serialize_internal::kMaxSubgraphDepth + 2);
  auto bad = DeserializeGraph(SerializeGraph(*deep));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(bad.status().message(), "nested deeper than 32")) << bad.status().message();
}

TEST(GraphSerializeTest, EngineWithoutSubgraph) {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{2});
  ValueId y = g.AddValue("y", DType::kFloat32, Shape{2});
  g.AddNode("e", OpKind::kEngine, {x}, {y}, EngineAttrs{"gpu", nullptr});
  g.AddInput(x);
  g.AddOutput(y);
  OAR_ASSERT_OK_AND_ASSIGN(Graph back, DeserializeGraph(SerializeGraph(g)));
  const auto& e = back.node(0).attr<EngineAttrs>();
  EXPECT_EQ(e.backend, "gpu");
  EXPECT_EQ(e.subgraph, nullptr);
}

// ---------------------------------------------------------------- damaged input

// Conv with an absent bias, a constant and two graph inputs: small enough to cut everywhere.
Graph SmallGraph() {
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{1, 2, 5, 5});
  ValueId w = g.AddConstant("w", testing::RandomTensor(Shape{3, 2, 3, 3}, 17));
  ValueId y = g.AddValue("y", DType::kFloat32, Shape{1, 3, 3, 3});
  ValueId z = g.AddValue("z", DType::kFloat32, Shape{1, 3, 3, 3});
  g.AddNode("conv", OpKind::kConv2d, {x, w, kNoValue}, {y}, Conv2dAttrs{});
  g.AddNode("relu", OpKind::kRelu, {y}, {z});
  g.AddInput(x);
  g.AddOutput(z);
  return g;
}

TEST(GraphSerializeTest, AbsentOptionalInputSurvives) {
  OAR_ASSERT_OK_AND_ASSIGN(Graph back, DeserializeGraph(SerializeGraph(SmallGraph())));
  EXPECT_EQ(back.node(0).inputs, std::vector<ValueId>({0, 1, kNoValue}));
}

TEST(GraphSerializeTest, EveryTruncationFails) {
  const std::string bytes = SerializeGraph(SmallGraph());
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    auto g = DeserializeGraph(bytes.substr(0, cut));
    ASSERT_FALSE(g.ok()) << "prefix of " << cut << " bytes decoded";
    EXPECT_EQ(g.status().code(), ErrorCode::kInvalidArgument) << cut;
    EXPECT_TRUE(Contains(g.status().message(), "graph decode: ")) << g.status().message();
  }
  auto g = DeserializeGraph(bytes.substr(0, 6));
  EXPECT_EQ(g.status().message(), "graph decode: truncated at byte 4 while reading format version");
  g = DeserializeGraph(bytes.substr(0, bytes.size() - 1));
  EXPECT_TRUE(Contains(g.status().message(), "for graph output id exceeds the 0 bytes left")) << g.status().message();
}

TEST(GraphSerializeTest, RandomByteFlipsNeverCrash) {
  const std::string bytes = SerializeGraph(EveryKindGraph());
  std::mt19937_64 rng(2024);
  int decoded = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string damaged = bytes;
    int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) {
      size_t at = rng() % damaged.size();
      damaged[at] = static_cast<char>(damaged[at] ^ static_cast<char>(1 + rng() % 255));
    }
    auto g = DeserializeGraph(damaged);
    if (g.ok()) {
      ++decoded;
      OAR_EXPECT_OK(VerifyGraph(*g));
    } else {
      EXPECT_TRUE(g.status().code() == ErrorCode::kInvalidArgument ||
                  g.status().code() == ErrorCode::kVersionMismatch)
          << g.status().ToString();
    }
  }
  // Flips inside weights or float attributes still decode.
  EXPECT_GT(decoded, 0);
}

TEST(GraphSerializeTest, VersionMismatchNamesBothVersions) {
  std::string bytes = SerializeGraph(SmallGraph());
  bytes[4] = 7;
  auto g = DeserializeGraph(bytes);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), ErrorCode::kVersionMismatch);
  EXPECT_EQ(g.status().message(),
            "graph decode: graph format version 7 is not supported by this build (which reads and writes version 1)");
}

TEST(GraphSerializeTest, BadMagicAndTrailingBytes) {
  std::string bytes = SerializeGraph(SmallGraph());
  std::string bad = bytes;
  bad[0] = 'X';
  auto g = DeserializeGraph(bad);
  EXPECT_TRUE(Contains(g.status().message(), "bad magic")) << g.status().message();
  g = DeserializeGraph(bytes + "zz");
  EXPECT_TRUE(Contains(g.status().message(), "2 trailing bytes after the graph")) << g.status().message();
}

TEST(GraphSerializeTest, UnknownOpKindIsNamed) {
  std::string bytes = SerializeGraph(SmallGraph());
  size_t at = bytes.find("relu");
  ASSERT_NE(at, std::string::npos);
  at = bytes.find("relu", at + 4);  // the kind (the first hit is the node name)
  ASSERT_NE(at, std::string::npos);
  bytes[at + 3] = 'x';
  auto g = DeserializeGraph(bytes);
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(Contains(g.status().message(), "node #1 'relu': unknown op kind 'relx'")) << g.status().message();
}

// Hand-written files for codes the encoder never produces.
std::string OneNodeFile(uint8_t dtype_code, uint8_t attr_tag, uint64_t value_count) {
  ByteWriter w;
  w.WriteBytes("OARG", 4);
  w.WriteU32(1);
  w.WriteVarU64(value_count);
  for (int v = 0; v < 2; ++v) {
    w.WriteString(v ? "y" : "x");
    w.WriteU8(dtype_code);
    w.WriteVarU64(1);
    w.WriteVarI64(4);
    w.WriteVarI64(v ? 0 : -1);
    w.WriteBool(false);
  }
  w.WriteVarU64(1);
  w.WriteString("r");
  w.WriteString("relu");
  w.WriteBool(false);
  w.WriteVarU64(1);
  w.WriteVarI64(0);
  w.WriteVarU64(1);
  w.WriteVarI64(1);
  w.WriteU8(attr_tag);
  w.WriteVarU64(1);
  w.WriteVarI64(0);
  w.WriteVarU64(1);
  w.WriteVarI64(1);
  return w.Release();
}

TEST(GraphSerializeTest, HandWrittenFileAndBadCodes) {
  OAR_ASSERT_OK_AND_ASSIGN(Graph g, DeserializeGraph(OneNodeFile(1, 0, 2)));
  EXPECT_EQ(g.value(1).producer, 0);
  EXPECT_EQ(g.value(0).shape, Shape({4}));

  auto bad = DeserializeGraph(OneNodeFile(99, 0, 2));
  EXPECT_TRUE(Contains(bad.status().message(), "unknown dtype code 99 at byte 11 in value dtype"))
      << bad.status().message();
  bad = DeserializeGraph(OneNodeFile(1, 200, 2));
  EXPECT_TRUE(Contains(bad.status().message(), "node #0 'r': unknown attribute tag 200")) << bad.status().message();
  bad = DeserializeGraph(OneNodeFile(1, 0, 1ULL << 50));
  EXPECT_TRUE(Contains(bad.status().message(), "count 1125899906842624 at byte 8 for value count exceeds"))
      << bad.status().message();
}

TEST(GraphSerializeTest, DecodedGraphMustVerify) {
  // A node reading a value nothing produces: each id is in range, but the graph is invalid.
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{2});
  ValueId y = g.AddValue("y", DType::kFloat32, Shape{2});
  g.AddNode("r", OpKind::kRelu, {x}, {y});
  g.AddOutput(y);  // x is not declared an input
  auto bad = DeserializeGraph(SerializeGraph(g));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(bad.status().message(), "decoded graph fails verification")) << bad.status().message();
}

// ---------------------------------------------------------------- fingerprint

Graph FingerprintGraph(const std::string& prefix, uint64_t seed, int64_t channels, float alpha) {
  Graph g;
  ValueId x = g.AddValue(prefix + "x", DType::kFloat32, Shape{1, channels, 7, 7});
  ValueId w = g.AddConstant(prefix + "w", testing::RandomTensor(Shape{4, 3, 3, 3}, seed));
  ValueId y = g.AddValue(prefix + "y", DType::kFloat32, Shape{1, 4, 5, 5});
  ValueId z = g.AddValue(prefix + "z", DType::kFloat32, Shape{1, 4, 5, 5});
  g.AddNode(prefix + "conv", OpKind::kConv2d, {x, w}, {y}, Conv2dAttrs{});
  g.AddNode(prefix + "lrelu", OpKind::kLeakyRelu, {y}, {z}, LeakyReluAttrs{alpha});
  g.AddInput(x);
  g.AddOutput(z);
  return g;
}

TEST(GraphFingerprintTest, IgnoresNamesAndSeesContent) {
  const std::string base = GraphFingerprint(FingerprintGraph("", 3, 3, 0.1f));
  ASSERT_EQ(base.size(), 32u);
  for (char c : base) EXPECT_TRUE(std::isxdigit(static_cast<unsigned char>(c)) && !std::isupper(c)) << base;
  EXPECT_EQ(GraphFingerprint(FingerprintGraph("", 3, 3, 0.1f)), base);
  EXPECT_EQ(GraphFingerprint(FingerprintGraph("renamed/", 3, 3, 0.1f)), base);
  EXPECT_NE(GraphFingerprint(FingerprintGraph("", 3, 3, 0.2f)), base);  // one attribute
  EXPECT_NE(GraphFingerprint(FingerprintGraph("", 3, 5, 0.1f)), base);  // one input dim

  // One weight element, changed in the lowest mantissa bit.
  Graph g = FingerprintGraph("", 3, 3, 0.1f);
  Tensor w = g.value(1).constant->Clone();
  uint32_t bits;
  std::memcpy(&bits, w.data<float>() + 57, 4);
  bits ^= 1;
  std::memcpy(w.data<float>() + 57, &bits, 4);
  g.mutable_value(1).constant = std::make_shared<const Tensor>(w);
  EXPECT_NE(GraphFingerprint(g), base);

  // Different weights (another training run of the same architecture).
  EXPECT_NE(GraphFingerprint(FingerprintGraph("", 4, 3, 0.1f)), base);
}

TEST(GraphFingerprintTest, SeesEngineSubgraphWeightsAndBackend) {
  auto make = [](uint64_t seed, const char* backend) {
    Graph g;
    ValueId x = g.AddValue("x", DType::kFloat32, Shape{kUnknownDim, 5});
    ValueId y = g.AddValue("y", DType::kFloat32, Shape{kUnknownDim, 5});
    g.AddNode("e", OpKind::kEngine, {x}, {y}, EngineAttrs{backend, EngineSubgraph(seed)});
    g.AddInput(x);
    g.AddOutput(y);
    return GraphFingerprint(g);
  };
  EXPECT_EQ(make(1, "cpu"), make(1, "cpu"));
  EXPECT_NE(make(1, "cpu"), make(2, "cpu"));
  EXPECT_NE(make(1, "cpu"), make(1, "cuda"));
}

TEST(GraphFingerprintTest, GoldenValueIsStable) {
  // Fixed content (no random weights), so the value is the same on every run and machine; a
  // change here means the format or the hash changed (bump kGraphFormatVersion for the former).
  Graph g;
  ValueId x = g.AddValue("x", DType::kFloat32, Shape{kUnknownDim, 3});
  const float wv[3] = {0.5f, -1.25f, 3.0f};
  ValueId w = g.AddConstant("w", MakeTensor(Shape{3}, wv));
  ValueId y = g.AddValue("y", DType::kFloat32, Shape{kUnknownDim, 3});
  g.AddNode("mul", OpKind::kMul, {x, w}, {y});
  g.AddInput(x);
  g.AddOutput(y);
  EXPECT_EQ(GraphFingerprint(g), "e557721c61c19b696d190c19d70fffaf");
}

}  // namespace
}  // namespace oar::ir
