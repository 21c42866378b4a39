// The CUDA devices this process sees, and the device signature plans are keyed by.
#pragma once

#include <string>

#include "core/status.h"

namespace oar::cuda {

/// Number of usable CUDA devices; 0 when there is no driver or no GPU (never an error).
int DeviceCount();
/// Why no device is usable ("no CUDA driver: ..."), or "" when DeviceCount() > 0.
std::string NoDeviceReason();
/// kNotFound naming the ordinal and the count when `device_id` is not a usable device.
Status CheckDevice(int device_id);

struct DeviceInfo {
  std::string name;          // "NVIDIA H100 80GB HBM3"
  int sm_major = 0, sm_minor = 0;
  int multiprocessors = 0;
  size_t total_memory = 0;
  size_t l2_bytes = 0;
};
StatusOr<DeviceInfo> GetDeviceInfo(int device_id);

/// "cuda;gpu=NVIDIA H100 80GB HBM3;sm=90;cuda=13000;driver=13000;cudnn=91400;cublaslt=130100"
/// for the current device: a plan built under one of these never runs under another.
std::string CudaDeviceSignature();

}  // namespace oar::cuda
