#include "engine/cuda/cuda_capability.h"

#include <string>

#include "engine/cpu/cpu_capability.h"
#include "runtime/kernel.h"

namespace oar::engine::cuda {

partition::SupportResult CudaEngineSupports(const ir::Graph& g, ir::NodeId id) {
  const ir::Node& n = g.node(id);
  partition::SupportResult base = engine::cpu::CpuEngineSupports(g, id);
  const bool only_missing_cpu_layer = !base.supported && base.reason.rfind("no CPU engine layer", 0) == 0;
  if (!base.supported && !only_missing_cpu_layer) return base;
  std::vector<DType> dtypes;
  for (ir::ValueId v : n.inputs) dtypes.push_back(v == ir::kNoValue ? DType::kUndefined : g.value(v).dtype);
  auto def = runtime::KernelRegistry::Global().Find(n, runtime::DeviceType::kCuda, dtypes);
  if (!def.ok()) {
    return partition::SupportResult::No(std::string("no CUDA kernel accepts ") + ir::OpKindName(n.kind) +
                                        " with these attributes and dtypes");
  }
  if (only_missing_cpu_layer) {
    // The shared rules after the layer check (static targets, f32 data) apply to kinds the CPU
    // engine has; for the rest require f32 data here.
    for (size_t i = 0; i < n.inputs.size(); ++i) {
      if (n.inputs[i] == ir::kNoValue) continue;
      if (g.value(n.inputs[i]).dtype != DType::kFloat32) {
        return partition::SupportResult::No("input #" + std::to_string(i) + " '" + g.value(n.inputs[i]).name +
                                            "' is " + DTypeName(g.value(n.inputs[i]).dtype) +
                                            "; the CUDA engine takes f32 model data");
      }
    }
  }
  return partition::SupportResult::Yes();
}

}  // namespace oar::engine::cuda
