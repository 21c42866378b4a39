#include "engine/cuda/cuda_engine_backend.h"

#include <mutex>

#include "cuda/cuda_device.h"
#include "engine/backend.h"
#include "engine/cuda/cuda_builder.h"
#include "engine/cuda/cuda_capability.h"
#include "engine/cuda/cuda_engine_runner.h"
#include "engine/device_signature.h"
#include "engine/engine.h"

namespace oar::engine::cuda {

namespace {

// The kEngine kernel of CUDA plans: one runner per executor (predictor), on its CUDA context.
class CudaEngineKernel : public runtime::Kernel {
 public:
  Status Prepare(const runtime::KernelContext& ctx) override {
    if (runner_) return Status::OK();
    std::shared_ptr<const Engine> engine = Engine::FromSubgraph(ctx.attr<ir::EngineAttrs>().subgraph);
    if (!engine) {
      return InvalidArgument("cuda engine: " + ctx.Where() + "has no built engine; the graph must go through "
                             "engine::PrepareEngineGraph before it runs");
    }
    OAR_ASSIGN_OR_RETURN(runner_, CudaEngineRunner::Create(engine, static_cast<oar::cuda::CudaContext*>(ctx.cuda),
                                                           engine->plan().data().cuda_graph));
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    if (!runner_) OAR_RETURN_IF_ERROR(Prepare(ctx));
    return runner_->Run(ctx.inputs, ctx.outputs);
  }

 private:
  std::unique_ptr<CudaEngineRunner> runner_;
};

bool AcceptsCudaEngine(const ir::Node& node, const std::vector<DType>&) {
  const auto* a = std::get_if<ir::EngineAttrs>(&node.attrs);
  return a && a->backend == kCudaBackendName && Engine::FromSubgraph(a->subgraph) != nullptr;
}

void RegisterKernel() {
  static std::once_flag once;
  std::call_once(once, [] {
    runtime::KernelDef def;
    def.kind = ir::OpKind::kEngine;
    def.device = runtime::DeviceType::kCuda;
    def.priority = 10;
    def.name = "cuda_engine";
    def.factory = []() -> std::unique_ptr<runtime::Kernel> { return std::make_unique<CudaEngineKernel>(); };
    def.accepts = AcceptsCudaEngine;
    runtime::KernelRegistry::Global().Register(def);
  });
}

}  // namespace

void RegisterCudaEngineBackend() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterDeviceSignature(kCudaBackendName, [] { return oar::cuda::CudaDeviceSignature(); });
    EngineBackend b;
    b.name = kCudaBackendName;
    b.supports = CudaEngineSupports;
    b.build = BuildCudaPlan;
    b.device_signature = [] { return oar::cuda::CudaDeviceSignature(); };
    b.register_kernel = RegisterKernel;
    RegisterEngineBackend(std::move(b));
  });
}

}  // namespace oar::engine::cuda
