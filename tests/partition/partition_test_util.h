// Shared helpers of the partition tests: a fake engine backend built from a set of supported
// kinds (as ORT's internal-testing EP), a small graph builder, and a test-only kernel for
// OpKind::kEngine that runs the engine node's subgraph on a nested native executor, so a
// partitioned graph can be checked numerically against the original before any real engine
// backend exists.
#pragma once

#include <gmock/gmock.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ir/op_schema.h"
#include "ir/verifier.h"
#include "partition/partition_options.h"
#include "runtime/executor.h"
#include "runtime/kernel.h"
#include "test_util.h"

namespace oar::partition::testing {

/// Capability of a fake backend that takes exactly `kinds`.
inline CapabilityFn FakeBackend(std::set<ir::OpKind> kinds) {
  return [kinds](const ir::Graph& g, ir::NodeId id) {
    ir::OpKind k = g.node(id).kind;
    if (kinds.count(k)) return SupportResult::Yes();
    return SupportResult::No(std::string("fake backend has no ") + ir::OpKindName(k));
  };
}

/// Builds small test graphs; an op named "r1" produces the value "r1.out" (or "r1.out<i>").
class GraphBuilder {
 public:
  ir::ValueId Input(const std::string& name, Shape shape, DType dtype = DType::kFloat32) {
    ir::ValueId v = g_.AddValue(name, dtype, std::move(shape));
    g_.AddInput(v);
    return v;
  }
  ir::ValueId Const(const std::string& name, Tensor t) { return g_.AddConstant(name, std::move(t)); }
  ir::ValueId Op(const std::string& name, ir::OpKind kind, std::vector<ir::ValueId> inputs,
                 ir::Attrs attrs = ir::NoAttrs{}) {
    return OpN(name, kind, std::move(inputs), 1, std::move(attrs))[0];
  }
  std::vector<ir::ValueId> OpN(const std::string& name, ir::OpKind kind, std::vector<ir::ValueId> inputs, int n,
                               ir::Attrs attrs = ir::NoAttrs{}) {
    std::vector<ir::ValueId> outs;
    for (int i = 0; i < n; ++i) {
      outs.push_back(g_.AddValue(name + (n == 1 ? ".out" : ".out" + std::to_string(i)), DType::kUndefined, Shape()));
    }
    g_.AddNode(name, kind, std::move(inputs), outs, std::move(attrs));
    return outs;
  }
  void Output(ir::ValueId v) { g_.AddOutput(v); }
  /// The graph with shapes inferred and verified.
  ir::Graph Build() {
    Status s = ir::InferShapes(g_);
    OAR_CHECK_MSG(s.ok(), s.ToString());
    s = ir::VerifyGraph(g_);
    OAR_CHECK_MSG(s.ok(), s.ToString());
    return g_;
  }

 private:
  ir::Graph g_;
};

/// Test-only kEngine kernel: runs the subgraph with a nested runtime::Executor.
class SubgraphKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    if (executor_) return Status::OK();
    const auto& a = ctx.attr<ir::EngineAttrs>();
    OAR_ASSIGN_OR_RETURN(executor_, runtime::Executor::Create(a.subgraph, runtime::ExecutorOptions{}));
    return Status::OK();
  }
  Status Run(const runtime::KernelContext& ctx) override {
    std::vector<Tensor> inputs;
    for (size_t i = 0; i < ctx.inputs.size(); ++i) inputs.push_back(ctx.input(static_cast<int>(i)));
    std::vector<Tensor> outputs;
    OAR_RETURN_IF_ERROR(executor_->Run(inputs, &outputs));
    if (outputs.size() != ctx.outputs.size()) return Internal(ctx.Where() + "subgraph output count differs");
    for (size_t o = 0; o < outputs.size(); ++o) {
      Tensor& dst = ctx.output(static_cast<int>(o));
      if (dst.dtype() != outputs[o].dtype() || dst.shape() != outputs[o].shape()) {
        return Internal(ctx.Where() + "output #" + std::to_string(o) + ": engine schema said " + dst.Describe() +
                        ", subgraph produced " + outputs[o].Describe());
      }
      if (dst.nbytes()) std::memcpy(dst.raw_data(), outputs[o].raw_data(), dst.nbytes());
    }
    return Status::OK();
  }

 private:
  std::unique_ptr<runtime::Executor> executor_;
};

/// Registers SubgraphKernel for kEngine in the global registry (once per process).
inline void RegisterSubgraphKernel() {
  static std::once_flag once;
  std::call_once(once, [] {
    runtime::KernelDef def;
    def.kind = ir::OpKind::kEngine;
    def.name = "test_subgraph";
    def.factory = []() -> std::unique_ptr<runtime::Kernel> { return std::make_unique<SubgraphKernel>(); };
    runtime::KernelRegistry::Global().Register(def);
  });
}

/// Runs `graph` on the native executor (engine nodes through SubgraphKernel); owned outputs.
inline StatusOr<std::vector<Tensor>> RunGraph(const ir::Graph& graph, const std::vector<Tensor>& inputs) {
  RegisterSubgraphKernel();
  auto shared = std::make_shared<const ir::Graph>(graph);
  OAR_ASSIGN_OR_RETURN(auto executor, runtime::Executor::Create(shared, runtime::ExecutorOptions{}));
  std::vector<Tensor> outputs;
  OAR_RETURN_IF_ERROR(executor->Run(inputs, &outputs));
  for (Tensor& t : outputs) t = t.Clone();
  return outputs;
}

/// Live kEngine nodes of a graph, in stored order.
inline std::vector<ir::NodeId> EngineNodes(const ir::Graph& g) {
  std::vector<ir::NodeId> out;
  for (ir::NodeId id : g.LiveNodes()) {
    if (g.node(id).kind == ir::OpKind::kEngine) out.push_back(id);
  }
  return out;
}

/// Names of the live nodes, in stored order.
inline std::vector<std::string> NodeNames(const ir::Graph& g) {
  std::vector<std::string> out;
  for (ir::NodeId id : g.LiveNodes()) out.push_back(g.node(id).name);
  return out;
}

/// Names of a list of values.
inline std::vector<std::string> ValueNames(const ir::Graph& g, const std::vector<ir::ValueId>& vs) {
  std::vector<std::string> out;
  for (ir::ValueId v : vs) out.push_back(v == ir::kNoValue ? "_" : g.value(v).name);
  return out;
}

}  // namespace oar::partition::testing
