// Where memory lives: the host or one CUDA device. Buffers carry their Device, so a Tensor
// knows whether its data may be touched by host code.
#pragma once

#include <string>

namespace oar {

enum class DeviceKind { kCpu, kCuda };

struct Device {
  DeviceKind kind = DeviceKind::kCpu;
  int id = 0;  // CUDA ordinal; 0 for the host

  static Device Cpu() { return Device{}; }
  static Device Cuda(int id) { return Device{DeviceKind::kCuda, id}; }
  bool is_cpu() const { return kind == DeviceKind::kCpu; }
  bool is_cuda() const { return kind == DeviceKind::kCuda; }
  bool operator==(const Device& o) const { return kind == o.kind && (is_cpu() || id == o.id); }
  bool operator!=(const Device& o) const { return !(*this == o); }
  /// "cpu" or "cuda:0".
  std::string ToString() const { return is_cpu() ? "cpu" : "cuda:" + std::to_string(id); }
};

}  // namespace oar
