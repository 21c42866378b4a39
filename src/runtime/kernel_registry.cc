#include <mutex>
#include <shared_mutex>

#include "ir/op_schema.h"
#include "runtime/kernel.h"

namespace oar::runtime {

std::string KernelContext::Where() const {
  return "op '" + node->name + "' (" + ir::OpKindName(node->kind) + "): ";
}

KernelRegistry& KernelRegistry::Global() {
  static KernelRegistry* registry = [] {
    auto* r = new KernelRegistry();
    kernels::cpu::RegisterAll(*r);
#ifdef OAR_WITH_CUDA
    kernels::cuda::RegisterAll(*r);
#endif
    return r;
  }();
  return *registry;
}

void KernelRegistry::Register(KernelDef def) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  defs_.push_back(std::move(def));
}

StatusOr<const KernelDef*> KernelRegistry::Find(const ir::Node& node, DeviceType device,
                                                const std::vector<DType>& input_dtypes,
                                                const std::string& name) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  const KernelDef* best = nullptr;
  DType in0 = input_dtypes.empty() ? DType::kUndefined : input_dtypes[0];
  for (const KernelDef& d : defs_) {
    if (d.kind != node.kind || d.device != device) continue;
    if (!name.empty() && d.name != name) continue;
    if (d.dtype != DType::kUndefined && d.dtype != in0) continue;
    if (d.accepts && !d.accepts(node, input_dtypes)) continue;
    if (!best || d.priority > best->priority) best = &d;
  }
  if (!best) {
    std::string dts;
    for (DType t : input_dtypes) dts += std::string(dts.empty() ? "" : ",") + DTypeName(t);
    return Unsupported("runtime: op '" + node.name + "' (" + ir::OpKindName(node.kind) + "): no " +
                       (device == DeviceType::kCpu ? "CPU" : "CUDA") + " kernel" +
                       (name.empty() ? "" : " named '" + name + "'") + " for input dtypes (" + dts + ")");
  }
  return best;
}

std::vector<const KernelDef*> KernelRegistry::KernelsFor(ir::OpKind kind, DeviceType device) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  std::vector<const KernelDef*> out;
  for (const KernelDef& d : defs_) {
    if (d.kind == kind && d.device == device) out.push_back(&d);
  }
  return out;
}

}  // namespace oar::runtime
