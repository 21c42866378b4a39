// Helpers of the pass tests: a small graph builder, structural graph comparison that ignores
// value and node names (ExpectGraphsEquivalent), running a graph on the native executor, and
// the numeric check that a pass kept what the graph computes.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ir/op_schema.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "passes/pass_manager.h"
#include "runtime/executor.h"
#include "runtime/single_op.h"
#include "test_util.h"

namespace oar::testing {

/// Builds a graph node by node; each op gets one output named "<node>.out". Build() runs shape
/// inference and the verifier.
class GraphBuilder {
 public:
  ir::ValueId Input(const std::string& name, Shape shape, DType dtype = DType::kFloat32) {
    ir::ValueId v = g_.AddValue(name, dtype, std::move(shape));
    g_.AddInput(v);
    return v;
  }
  ir::ValueId Const(const std::string& name, Tensor t) { return g_.AddConstant(g_.UniqueName(name), std::move(t)); }
  /// A random f32 constant (uniform in [lo, hi)).
  ir::ValueId RandomConst(const std::string& name, Shape shape, uint64_t seed, float lo = -1.0f, float hi = 1.0f) {
    return Const(name, RandomTensor(shape, seed, lo, hi));
  }
  ir::ValueId Op(ir::OpKind kind, std::vector<ir::ValueId> inputs, ir::Attrs attrs = ir::NoAttrs{},
                 std::string name = "") {
    return OpN(kind, std::move(inputs), 1, std::move(attrs), std::move(name))[0];
  }
  std::vector<ir::ValueId> OpN(ir::OpKind kind, std::vector<ir::ValueId> inputs, int num_outputs,
                               ir::Attrs attrs = ir::NoAttrs{}, std::string name = "") {
    if (name.empty()) name = std::string(ir::OpKindName(kind)) + "_" + std::to_string(counter_++);
    std::vector<ir::ValueId> outs;
    for (int i = 0; i < num_outputs; ++i) {
      outs.push_back(g_.AddValue(g_.UniqueName(name + (num_outputs == 1 ? ".out" : ".out" + std::to_string(i))),
                                 DType::kUndefined, Shape()));
    }
    g_.AddNode(name, kind, std::move(inputs), outs, std::move(attrs));
    return outs;
  }
  void Output(ir::ValueId v) { g_.AddOutput(v); }
  /// The graph being built, for edits the builder does not cover.
  ir::Graph& graph() { return g_; }

  StatusOr<ir::Graph> Build() {
    OAR_RETURN_IF_ERROR(ir::InferShapes(g_));
    OAR_RETURN_IF_ERROR(ir::VerifyGraph(g_));
    return g_;
  }

 private:
  ir::Graph g_;
  int counter_ = 0;
};

inline int CountKind(const ir::Graph& g, ir::OpKind kind) {
  int n = 0;
  for (ir::NodeId id : g.LiveNodes()) n += g.node(id).kind == kind;
  return n;
}

inline int CountLive(const ir::Graph& g) { return static_cast<int>(g.LiveNodes().size()); }

/// The first live node of `kind`, or kNoNode.
inline ir::NodeId FindNode(const ir::Graph& g, ir::OpKind kind) {
  for (ir::NodeId id : g.LiveNodes()) {
    if (g.node(id).kind == kind) return id;
  }
  return ir::kNoNode;
}

namespace internal {

inline bool IsInput(const ir::Graph& g, ir::ValueId v) {
  for (ir::ValueId i : g.inputs()) {
    if (i == v) return true;
  }
  return false;
}

/// Pairs values of `got` with values of `want` by structure, starting from the graph inputs (by
/// position) and the outputs (by position), following producers. Names are ignored.
class GraphMatcher {
 public:
  GraphMatcher(const ir::Graph& got, const ir::Graph& want, double const_rtol)
      : got_(got), want_(want), rtol_(const_rtol) {}

  std::string Run(bool check_output_names) {
    if (got_.inputs().size() != want_.inputs().size()) {
      return "input counts differ: " + std::to_string(got_.inputs().size()) + " vs " +
             std::to_string(want_.inputs().size());
    }
    for (size_t i = 0; i < got_.inputs().size(); ++i) {
      const ir::Value& a = got_.value(got_.inputs()[i]);
      const ir::Value& b = want_.value(want_.inputs()[i]);
      if (a.dtype != b.dtype || a.shape != b.shape) return "graph input #" + std::to_string(i) + " differs";
      vmap_[got_.inputs()[i]] = want_.inputs()[i];
    }
    if (got_.outputs().size() != want_.outputs().size()) return "output counts differ";
    for (size_t i = 0; i < got_.outputs().size(); ++i) {
      const ir::ValueId a = got_.outputs()[i], b = want_.outputs()[i];
      if (check_output_names && got_.value(a).name != want_.value(b).name) {
        return "graph output #" + std::to_string(i) + " is named '" + got_.value(a).name + "', expected '" +
               want_.value(b).name + "'";
      }
      std::string r = Match(a, b);
      if (!r.empty()) return "graph output #" + std::to_string(i) + ": " + r;
    }
    const size_t live_got = got_.LiveNodes().size(), live_want = want_.LiveNodes().size();
    if (live_got != nmap_.size() || live_want != nmap_.size()) {
      return "node counts differ: " + std::to_string(live_got) + " live nodes vs " + std::to_string(live_want) +
             " expected (" + std::to_string(nmap_.size()) + " reach the outputs)";
    }
    return "";
  }

 private:
  std::string Match(ir::ValueId a, ir::ValueId b) {
    if (a == ir::kNoValue || b == ir::kNoValue) return a == b ? "" : "an absent input against a present one";
    auto it = vmap_.find(a);
    if (it != vmap_.end()) {
      return it->second == b ? "" : "value '" + got_.value(a).name + "' corresponds to two different values";
    }
    const ir::Value& va = got_.value(a);
    const ir::Value& vb = want_.value(b);
    const std::string desc = "'" + va.name + "' " + DTypeName(va.dtype) + va.shape.ToString() + " vs '" + vb.name +
                             "' " + DTypeName(vb.dtype) + vb.shape.ToString();
    if (va.dtype != vb.dtype || va.shape != vb.shape) return "values differ: " + desc;
    if (va.is_constant() != vb.is_constant()) return "constant against non-constant: " + desc;
    if (va.is_constant()) {
      ::testing::AssertionResult near = TensorsNear(*va.constant, *vb.constant, rtol_, rtol_ * 0.1);
      if (!near) return "constants differ (" + desc + "): " + near.message();
      vmap_[a] = b;
      return "";
    }
    if (IsInput(got_, a) || IsInput(want_, b)) return "a graph input against another value: " + desc;
    const ir::NodeId pa = va.producer, pb = vb.producer;
    if (pa == ir::kNoNode || pb == ir::kNoNode) return "value without producer: " + desc;
    const ir::Node& na = got_.node(pa);
    const ir::Node& nb = want_.node(pb);
    size_t ka = 0, kb = 0;
    while (na.outputs[ka] != a) ++ka;
    while (nb.outputs[kb] != b) ++kb;
    if (ka != kb) return "output #" + std::to_string(ka) + " vs #" + std::to_string(kb) + " of the producers";
    vmap_[a] = b;
    auto nit = nmap_.find(pa);
    if (nit != nmap_.end()) return nit->second == pb ? "" : "op '" + na.name + "' corresponds to two ops";
    const std::string where = "op '" + na.name + "' (" + ir::OpKindName(na.kind) + ") vs op '" + nb.name + "' (" +
                              ir::OpKindName(nb.kind) + ")";
    if (na.kind != nb.kind) return "kinds differ: " + where;
    if (ir::PrintAttrs(na.attrs) != ir::PrintAttrs(nb.attrs)) {
      return "attributes differ: " + where + ": " + ir::PrintAttrs(na.attrs) + " vs " + ir::PrintAttrs(nb.attrs);
    }
    if (na.inputs.size() != nb.inputs.size() || na.outputs.size() != nb.outputs.size()) {
      return "input/output counts differ: " + where;
    }
    nmap_[pa] = pb;
    for (size_t k = 0; k < na.outputs.size(); ++k) {
      if (na.outputs[k] != a) vmap_[na.outputs[k]] = nb.outputs[k];
    }
    for (size_t k = 0; k < na.inputs.size(); ++k) {
      std::string r = Match(na.inputs[k], nb.inputs[k]);
      if (!r.empty()) return where + " input #" + std::to_string(k) + ": " + r;
    }
    return "";
  }

  const ir::Graph& got_;
  const ir::Graph& want_;
  double rtol_;
  std::map<ir::ValueId, ir::ValueId> vmap_;
  std::map<ir::NodeId, ir::NodeId> nmap_;
};

}  // namespace internal

/// Structural equality ignoring names: same inputs (by position, dtype, shape), and behind each
/// output the same ops (kind, attributes, input order) on the same edges, constants equal within
/// `const_rtol`, no extra live nodes. Graph output names must match unless check_output_names
/// is false. On failure the message names the first difference and prints both graphs.
inline ::testing::AssertionResult GraphsEquivalent(const ir::Graph& got, const ir::Graph& want,
                                                   bool check_output_names = true, double const_rtol = 1e-6) {
  internal::GraphMatcher m(got, want, const_rtol);
  std::string diff = m.Run(check_output_names);
  if (diff.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << diff << "\n--- got:\n"
                                       << ir::PrintGraph(got) << "--- expected:\n"
                                       << ir::PrintGraph(want);
}
#define EXPECT_GRAPHS_EQUIVALENT(got, want) EXPECT_TRUE(::oar::testing::GraphsEquivalent(got, want))

/// The runtime's single-op path as the constant folding evaluator.
inline passes::NodeEvaluator TestEvaluator() {
  return
      [](const ir::Node& node, const std::vector<const Tensor*>& inputs) { return runtime::RunSingleOp(node, inputs); };
}

/// Manager options for graphs fed exactly their declared input shapes.
inline passes::PassManagerOptions TrustInputShapes() {
  passes::PassManagerOptions o;
  o.trust_input_shapes = true;
  return o;
}

inline passes::PassOptions TestPassOptions() {
  passes::PassOptions o;
  o.constant_folding.evaluator = TestEvaluator();
  return o;
}

/// Runs the named passes through a PassManager (so the graph is compacted and verified after
/// each) and returns their stats.
inline StatusOr<std::vector<passes::PassStats>> RunPasses(ir::Graph& graph, const std::vector<std::string>& names,
                                                          const passes::PassOptions& options = TestPassOptions(),
                                                          passes::PassManagerOptions manager = {}) {
  OAR_ASSIGN_OR_RETURN(passes::PassManager pm, passes::PassManager::Create(names, options, std::move(manager)));
  OAR_RETURN_IF_ERROR(pm.Run(graph));
  return pm.stats();
}

/// Random inputs for a graph: f32 uniform in [-1, 1), integers in [0, 3]; unknown dims -> 2.
inline std::vector<Tensor> RandomInputs(const ir::Graph& g, uint64_t seed) {
  std::vector<Tensor> inputs;
  for (ir::ValueId v : g.inputs()) {
    Shape s = g.value(v).shape;
    for (int d = 0; d < s.rank(); ++d) {
      if (s[d] < 0) s[d] = 2;
    }
    const DType t = g.value(v).dtype;
    inputs.push_back(IsFloating(t) ? RandomTensor(s, seed++) : RandomIntTensor(t, s, seed++, 0, 3));
  }
  return inputs;
}

/// Runs a graph on the executor ("" = the best kernels, "ref" = reference kernels); outputs are
/// deep copies.
inline StatusOr<std::vector<Tensor>> RunGraph(const ir::Graph& g, const std::vector<Tensor>& inputs,
                                              const std::string& kernel_name = "", int num_threads = 1) {
  runtime::ExecutorOptions options;
  options.kernel_name = kernel_name;
  options.num_threads = num_threads;
  OAR_ASSIGN_OR_RETURN(auto ex, runtime::Executor::Create(std::make_shared<const ir::Graph>(g), options));
  std::vector<Tensor> outs;
  OAR_RETURN_IF_ERROR(ex->Run(inputs, &outs));
  for (Tensor& t : outs) t = t.Clone();
  return outs;
}

/// Both graphs give the same outputs on the same random inputs, with the reference kernels and
/// with the default ones (oneDNN where built): max |a - b| <= rel_tol * max |b| per output.
inline ::testing::AssertionResult SameOutputs(const ir::Graph& optimized, const ir::Graph& original, uint64_t seed,
                                              double rel_tol = 1e-5, std::vector<Tensor> inputs = {}) {
  if (inputs.empty()) inputs = RandomInputs(original, seed);
  for (const char* kernel : {"ref", ""}) {
    auto want = RunGraph(original, inputs, kernel);
    if (!want.ok()) return ::testing::AssertionFailure() << "original graph: " << want.status().ToString();
    auto got = RunGraph(optimized, inputs, kernel);
    if (!got.ok()) return ::testing::AssertionFailure() << "optimized graph: " << got.status().ToString();
    if (got->size() != want->size()) return ::testing::AssertionFailure() << "output counts differ";
    for (size_t i = 0; i < got->size(); ++i) {
      const Tensor& a = (*got)[i];
      const Tensor& b = (*want)[i];
      if (a.dtype() != b.dtype() || a.shape() != b.shape()) {
        return ::testing::AssertionFailure() << "output #" << i << ": " << a.Describe() << " vs " << b.Describe();
      }
      const double err = MaxRelativeError(a, b);
      if (!(err <= rel_tol)) {
        return ::testing::AssertionFailure()
               << "output #" << i << " (kernels '" << kernel << "'): relative error " << err << " > " << rel_tol;
      }
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace oar::testing
