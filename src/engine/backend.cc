#include "engine/backend.h"

#include <map>
#include <memory>
#include <mutex>

#include "engine/cpu/cpu_capability.h"
#include "engine/device_signature.h"
#include "engine/engine_kernel.h"

namespace oar::engine {

namespace {

std::mutex& Mutex() {
  static std::mutex mu;
  return mu;
}

std::map<std::string, std::unique_ptr<EngineBackend>>& Backends() {
  static auto* backends = [] {
    auto* m = new std::map<std::string, std::unique_ptr<EngineBackend>>();
    auto cpu = std::make_unique<EngineBackend>();
    cpu->name = cpu::kCpuBackendName;
    cpu->supports = cpu::CpuEngineSupports;
    cpu->build = [](const ir::Graph& sub, const BuilderConfig& config, const ProgressFn& progress,
                    TimingCache* timing) { return Build(sub, config, progress, timing); };
    cpu->device_signature = [] { return CpuDeviceSignature(); };
    cpu->register_kernel = EnsureEngineKernelRegistered;
    (*m)[cpu->name] = std::move(cpu);
    return m;
  }();
  return *backends;
}

}  // namespace

void RegisterEngineBackend(EngineBackend backend) {
  std::lock_guard<std::mutex> lock(Mutex());
  std::string name = backend.name;
  Backends()[name] = std::make_unique<EngineBackend>(std::move(backend));
}

StatusOr<const EngineBackend*> FindEngineBackend(const std::string& name) {
  std::lock_guard<std::mutex> lock(Mutex());
  auto it = Backends().find(name);
  if (it != Backends().end()) return it->second.get();
  std::string known;
  for (const auto& [n, _] : Backends()) known += (known.empty() ? "" : ", ") + n;
  return Unsupported("engine: no backend '" + name + "' in this build (available: " + known + ")");
}

}  // namespace oar::engine
