#include "engine/engine_kernel.h"

#include <mutex>

#include "engine/cpu/cpu_capability.h"
#include "engine/engine.h"
#include "engine/execution_context.h"

namespace oar::engine {

namespace {

class EngineKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    if (context_) return Status::OK();
    std::shared_ptr<const Engine> engine = Engine::FromSubgraph(ctx.attr<ir::EngineAttrs>().subgraph);
    if (!engine) {
      return InvalidArgument("engine: " + ctx.Where() + "has no built engine; the graph must go through "
                             "engine::PrepareEngineGraph (Config::EnableEngine) before it runs");
    }
    OAR_ASSIGN_OR_RETURN(context_, engine->CreateExecutionContext());
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    if (!context_) OAR_RETURN_IF_ERROR(Prepare(ctx));
    return context_->Run(ctx.inputs, ctx.outputs, ctx.num_threads);
  }

 private:
  std::unique_ptr<ExecutionContext> context_;
};

// Only nodes that carry a built CPU engine: an engine node that never went through
// PrepareEngineGraph is left to other kernels (or to the registry's "no kernel" error).
bool AcceptsCpuEngine(const ir::Node& node, const std::vector<DType>&) {
  const auto* a = std::get_if<ir::EngineAttrs>(&node.attrs);
  return a && a->backend == cpu::kCpuBackendName && Engine::FromSubgraph(a->subgraph) != nullptr;
}

}  // namespace

void RegisterEngineKernel(runtime::KernelRegistry& registry) {
  runtime::KernelDef def;
  def.kind = ir::OpKind::kEngine;
  def.device = runtime::DeviceType::kCpu;
  def.priority = 10;
  def.name = "engine";
  def.factory = []() -> std::unique_ptr<runtime::Kernel> { return std::make_unique<EngineKernel>(); };
  def.accepts = AcceptsCpuEngine;
  registry.Register(def);
}

void EnsureEngineKernelRegistered() {
  static std::once_flag once;
  std::call_once(once, [] { RegisterEngineKernel(runtime::KernelRegistry::Global()); });
}

}  // namespace oar::engine
