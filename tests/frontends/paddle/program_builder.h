// Test helpers for the Paddle frontend (header-only: the test build compiles only *_test.cc files):
// build small ProgramDescs with the generated protobuf classes, write them to disk in either
// layout, and run converted graphs node by node on the CPU reference kernels.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "frontends/paddle/params_reader.h"
#include "frontends/paddle/program_converter.h"
#include "frontends/paddle/program_reader.h"
#include "ir/graph.h"
#include "ir/op_schema.h"
#include "ir/verifier.h"
#include "runtime/kernel.h"
#include "runtime/single_op.h"
#include "test_util.h"

namespace oar::frontends::paddle::testing {

/// Paddle VarType element codes used in tests.
constexpr int kBool = 0, kInt32 = 2, kInt64 = 3, kFp16 = 4, kFp32 = 5;

inline int CodeOf(DType t) {
  switch (t) {
    case DType::kBool: return 0;
    case DType::kInt16: return 1;
    case DType::kInt32: return 2;
    case DType::kInt64: return 3;
    case DType::kFloat16: return 4;
    case DType::kFloat64: return 6;
    case DType::kUInt8: return 20;
    case DType::kInt8: return 21;
    case DType::kBFloat16: return 22;
    default: return 5;
  }
}

/// Fluent setter for one OpDesc.
class OpBuilder {
 public:
  explicit OpBuilder(proto::OpDesc* op) : op_(op) {}
  OpBuilder& In(const std::string& slot, const std::vector<std::string>& vars) {
    auto* v = op_->add_inputs();
    v->set_parameter(slot);
    for (const auto& n : vars) v->add_arguments(n);
    return *this;
  }
  OpBuilder& Out(const std::string& slot, const std::vector<std::string>& vars) {
    auto* v = op_->add_outputs();
    v->set_parameter(slot);
    for (const auto& n : vars) v->add_arguments(n);
    return *this;
  }
  OpBuilder& Int(const std::string& name, int32_t v) { return Set(name, proto::INT)->set_i(v), *this; }
  OpBuilder& Long(const std::string& name, int64_t v) { return Set(name, proto::LONG)->set_l(v), *this; }
  OpBuilder& Float(const std::string& name, float v) { return Set(name, proto::FLOAT)->set_f(v), *this; }
  OpBuilder& Float64(const std::string& name, double v) { return Set(name, proto::FLOAT64)->set_float64(v), *this; }
  OpBuilder& Bool(const std::string& name, bool v) { return Set(name, proto::BOOLEAN)->set_b(v), *this; }
  OpBuilder& String(const std::string& name, const std::string& v) { return Set(name, proto::STRING)->set_s(v), *this; }
  OpBuilder& Ints(const std::string& name, const std::vector<int32_t>& v) {
    auto* a = Set(name, proto::INTS);
    for (int32_t x : v) a->add_ints(x);
    return *this;
  }
  OpBuilder& Longs(const std::string& name, const std::vector<int64_t>& v) {
    auto* a = Set(name, proto::LONGS);
    for (int64_t x : v) a->add_longs(x);
    return *this;
  }
  OpBuilder& Floats(const std::string& name, const std::vector<float>& v) {
    auto* a = Set(name, proto::FLOATS);
    for (float x : v) a->add_floats(x);
    return *this;
  }
  OpBuilder& Strings(const std::string& name, const std::vector<std::string>& v) {
    auto* a = Set(name, proto::STRINGS);
    for (const auto& x : v) a->add_strings(x);
    return *this;
  }
  OpBuilder& Block(const std::string& name, int idx) { return Set(name, proto::BLOCK)->set_block_idx(idx), *this; }
  proto::OpDesc* op() { return op_; }

 private:
  // Replaces an attribute of the same name, so tests can edit a prepared op.
  proto::OpDesc::Attr* Set(const std::string& name, proto::AttrType type) {
    auto* attrs = op_->mutable_attrs();
    for (int i = attrs->size() - 1; i >= 0; --i) {
      if (attrs->Get(i).name() == name) attrs->DeleteSubrange(i, 1);
    }
    auto* a = op_->add_attrs();
    a->set_name(name);
    a->set_type(type);
    return a;
  }
  proto::OpDesc* op_;
};

/// Builds a one-block ProgramDesc plus the weights that go with it.
class ProgramBuilder {
 public:
  ProgramBuilder() {
    auto* b = program_.add_blocks();
    b->set_idx(0);
    b->set_parent_idx(-1);
    AddHolderVar("feed", proto::VarType::FEED_MINIBATCH);
    AddHolderVar("fetch", proto::VarType::FETCH_LIST);
  }

  proto::BlockDesc* block() { return program_.mutable_blocks(0); }
  proto::ProgramDesc& program() { return program_; }
  const std::map<std::string, Tensor>& weights() const { return weights_; }

  /// A dense-tensor var (LOD_TENSOR) with element code and dims.
  proto::VarDesc* Var(const std::string& name, int code, const std::vector<int64_t>& dims, bool persistable = false) {
    auto* v = block()->add_vars();
    v->set_name(name);
    v->set_persistable(persistable);
    v->mutable_type()->set_type(proto::VarType::LOD_TENSOR);
    auto* t = v->mutable_type()->mutable_lod_tensor()->mutable_tensor();
    t->set_data_type(static_cast<proto::VarType::Type>(code));
    for (int64_t d : dims) t->add_dims(d);
    return v;
  }
  /// A model input: its var and a feed op with `col`.
  ProgramBuilder& Feed(const std::string& name, const std::vector<int64_t>& dims, int col = 0, int code = kFp32) {
    Var(name, code, dims);
    Op("feed").In("X", {"feed"}).Out("Out", {name}).Int("col", col);
    return *this;
  }
  /// A fetch op reading `name` into output `col`.
  ProgramBuilder& Fetch(const std::string& name, int col = 0) {
    Op("fetch").In("X", {name}).Out("Out", {"fetch"}).Int("col", col);
    return *this;
  }
  /// A persistable var holding `t` (its dtype and dims go into the VarDesc).
  ProgramBuilder& Weight(const std::string& name, const Tensor& t) {
    Var(name, CodeOf(t.dtype()), t.shape().dims(), true);
    weights_[name] = t;
    return *this;
  }
  OpBuilder Op(const std::string& type) {
    auto* op = block()->add_ops();
    op->set_type(type);
    return OpBuilder(op);
  }

  /// Writes graph + params: combined as <dir>/<graph_name> + <dir>/<params_name> (sorted records),
  /// or separate (params_name empty) as <dir>/<graph_name> + one file per weight.
  void Write(const std::string& dir, const std::string& graph_name, const std::string& params_name) const {
    std::filesystem::create_directories(dir);
    WriteFile(dir + "/" + graph_name, program_.SerializeAsString());
    if (params_name.empty()) {
      for (const auto& [name, t] : weights_) {
        std::string bytes;
        WriteTensorRecord(t, &bytes);
        WriteFile(dir + "/" + name, bytes);
      }
      return;
    }
    std::string bytes;
    for (const auto& [name, t] : weights_) WriteTensorRecord(t, &bytes);  // std::map: sorted by name
    WriteFile(dir + "/" + params_name, bytes);
  }

  static void WriteFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

 private:
  void AddHolderVar(const std::string& name, proto::VarType::Type type) {
    auto* v = block()->add_vars();
    v->set_name(name);
    v->set_persistable(true);
    v->mutable_type()->set_type(type);
  }
  proto::ProgramDesc program_;
  std::map<std::string, Tensor> weights_;
};

inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// A fresh directory under the test's TempDir.
inline std::string FreshDir(const std::string& name) {
  std::string dir = oar::testing::TempDir() + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// Live nodes of a graph, by kind, in stored order.
inline std::vector<const ir::Node*> NodesOf(const ir::Graph& g, ir::OpKind kind) {
  std::vector<const ir::Node*> out;
  for (ir::NodeId id : g.LiveNodes()) {
    if (g.node(id).kind == kind) out.push_back(&g.node(id));
  }
  return out;
}

/// The single live node of `kind`; fails the test when there is not exactly one.
inline const ir::Node& OnlyNode(const ir::Graph& g, ir::OpKind kind) {
  auto nodes = NodesOf(g, kind);
  EXPECT_EQ(nodes.size(), 1u) << "expected one " << ir::OpKindName(kind) << " node";
  static const ir::Node kEmpty;
  return nodes.empty() ? kEmpty : *nodes[0];
}

/// Kinds of the live nodes in stored order, e.g. "flatten,matmul".
inline std::string KindSequence(const ir::Graph& g) {
  std::string s;
  for (ir::NodeId id : g.LiveNodes()) s += (s.empty() ? "" : ",") + std::string(ir::OpKindName(g.node(id).kind));
  return s;
}

/// Why the graph cannot run on the CPU reference kernels yet ("" when it can): the IR schemas and
/// kernels are written in parallel with this frontend.
inline std::string MissingRuntimeSupport(const ir::Graph& g) {
  for (ir::NodeId id : g.LiveNodes()) {
    ir::OpKind kind = g.node(id).kind;
    if (!ir::FindSchema(kind)) return std::string("no schema yet for ") + ir::OpKindName(kind);
    if (runtime::KernelRegistry::Global().KernelsFor(kind, runtime::DeviceType::kCpu).empty()) {
      return std::string("no CPU kernel yet for ") + ir::OpKindName(kind);
    }
  }
  return "";
}

/// Runs the live nodes in stored order (the order the frontend promises is topological) with
/// `inputs` bound to the graph inputs; returns the graph outputs.
inline StatusOr<std::vector<Tensor>> RunGraph(const ir::Graph& g, const std::vector<Tensor>& inputs) {
  std::unordered_map<ir::ValueId, Tensor> env;
  if (inputs.size() != g.inputs().size()) return InvalidArgument("wrong number of inputs");
  for (size_t i = 0; i < inputs.size(); ++i) env[g.inputs()[i]] = inputs[i];
  for (ir::ValueId v = 0; v < g.num_values(); ++v) {
    if (g.value(v).is_constant()) env[v] = *g.value(v).constant;
  }
  for (ir::NodeId id : g.LiveNodes()) {
    const ir::Node& n = g.node(id);
    std::vector<const Tensor*> args;
    for (ir::ValueId v : n.inputs) {
      if (v == ir::kNoValue) {
        args.push_back(nullptr);
        continue;
      }
      auto it = env.find(v);
      if (it == env.end())
        return Internal("node '" + n.name + "' reads '" + g.value(v).name + "' before it is computed");
      args.push_back(&it->second);
    }
    auto outs = runtime::RunSingleOp(n, args);
    if (!outs.ok()) return outs.status();
    for (size_t i = 0; i < n.outputs.size(); ++i) env[n.outputs[i]] = outs.value()[i];
  }
  std::vector<Tensor> result;
  for (ir::ValueId v : g.outputs()) result.push_back(env[v]);
  return result;
}

/// Converts `b`'s program with its weights (no shape inference), failing the test on error.
inline ir::Graph ConvertOrDie(const ProgramBuilder& b) {
  auto g = ConvertProgram(const_cast<ProgramBuilder&>(b).program(), b.weights());
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return g.ok() ? std::move(g).value() : ir::Graph();
}

/// Converts and expects an error with `code` whose message contains every one of `parts`.
inline void ExpectConvertError(const ProgramBuilder& b, ErrorCode code, const std::vector<std::string>& parts) {
  auto g = ConvertProgram(const_cast<ProgramBuilder&>(b).program(), b.weights());
  ASSERT_FALSE(g.ok()) << "conversion unexpectedly succeeded";
  EXPECT_EQ(g.status().code(), code) << g.status().ToString();
  for (const auto& p : parts) EXPECT_NE(g.status().message().find(p), std::string::npos) << g.status().ToString();
}

/// Runs `g` and compares every output with `want`.
inline void ExpectGraphOutputs(const ir::Graph& g, const std::vector<Tensor>& inputs, const std::vector<Tensor>& want,
                               double rtol = 1e-5, double atol = 1e-6) {
  auto out = RunGraph(g, inputs);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_TRUE(oar::testing::TensorsNear((*out)[i], want[i], rtol, atol)) << "output #" << i;
  }
}

/// Runs ir::VerifyGraph and ir::InferShapes on `g` and checks the shape/dtype of value `name`; skips when schemas are
/// missing.
inline void ExpectInferred(ir::Graph& g, const std::string& name, DType dtype, const Shape& shape) {
  Status st = ir::VerifyGraph(g);
  if (st.ok()) st = ir::InferShapes(g);
  if (!st.ok() && st.message().find("no schema registered") != std::string::npos) {
    GTEST_SKIP() << st.message();
  }
  ASSERT_TRUE(st.ok()) << st.ToString();
  ir::ValueId v = g.FindValue(name);
  ASSERT_NE(v, ir::kNoValue) << name;
  EXPECT_EQ(g.value(v).dtype, dtype) << name;
  EXPECT_EQ(g.value(v).shape, shape) << name << " " << g.value(v).shape.ToString();
}

template <typename T>
Tensor Make(const Shape& shape, const std::vector<T>& values) {
  EXPECT_EQ(static_cast<int64_t>(values.size()), shape.NumElements());
  return MakeTensor<T>(shape, values.data());
}

/// A program feeding x [dims], running `op_type` X -> Out with attributes set by `attrs`, fetching Out.
template <typename Fn>
ProgramBuilder UnaryProgram(const std::string& op_type, const std::vector<int64_t>& dims, Fn attrs,
                            int out_code = kFp32) {
  ProgramBuilder b;
  b.Feed("x", dims);
  b.Var("y", out_code, dims);
  OpBuilder op = b.Op(op_type).In("X", {"x"}).Out("Out", {"y"});
  attrs(op);
  b.Fetch("y");
  return b;
}

/// Elementwise reference for unary ops.
template <typename Fn>
Tensor MapFloats(const Tensor& x, Fn fn) {
  Tensor y(DType::kFloat32, x.shape());
  for (int64_t i = 0; i < x.numel(); ++i) y.data<float>()[i] = fn(x.data<float>()[i]);
  return y;
}

}  // namespace oar::frontends::paddle::testing

/// Skips the rest of a test when the reference kernels/schemas the graph needs do not exist yet.
#define OAR_SKIP_UNLESS_RUNNABLE(graph)                                                         \
  do {                                                                                          \
    std::string oar_missing_ = ::oar::frontends::paddle::testing::MissingRuntimeSupport(graph); \
    if (!oar_missing_.empty()) GTEST_SKIP() << oar_missing_;                                    \
  } while (0)
