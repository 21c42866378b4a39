#include "cuda/cuda_device.h"

#include <cublasLt.h>
#include <cuda_runtime.h>
#include <cudnn.h>

#include <mutex>

#include "cuda/cuda_status.h"

namespace oar::cuda {

namespace {

struct Probe {
  int count = 0;
  std::string reason;
};

const Probe& GetProbe() {
  static const Probe probe = [] {
    Probe p;
    cudaError_t e = cudaGetDeviceCount(&p.count);
    if (e != cudaSuccess) {
      p.count = 0;
      p.reason = std::string("no usable CUDA device (cudaGetDeviceCount: ") + cudaGetErrorName(e) + ": " +
                 cudaGetErrorString(e) + ")";
      cudaGetLastError();  // clear the sticky error so later calls start clean
    } else if (p.count == 0) {
      p.reason = "no CUDA device on this machine";
    }
    return p;
  }();
  return probe;
}

}  // namespace

int DeviceCount() { return GetProbe().count; }

std::string NoDeviceReason() { return GetProbe().reason; }

Status CheckDevice(int device_id) {
  if (DeviceCount() == 0) return NotFound("cuda: " + NoDeviceReason());
  if (device_id < 0 || device_id >= DeviceCount()) {
    return NotFound("cuda: device " + std::to_string(device_id) + " does not exist (this machine has " +
                    std::to_string(DeviceCount()) + " CUDA device(s))");
  }
  return Status::OK();
}

StatusOr<DeviceInfo> GetDeviceInfo(int device_id) {
  OAR_RETURN_IF_ERROR(CheckDevice(device_id));
  cudaDeviceProp prop{};
  OAR_CUDA_RETURN_IF_ERROR(cudaGetDeviceProperties(&prop, device_id), "");
  DeviceInfo info;
  info.name = prop.name;
  info.sm_major = prop.major;
  info.sm_minor = prop.minor;
  info.multiprocessors = prop.multiProcessorCount;
  info.total_memory = prop.totalGlobalMem;
  info.l2_bytes = static_cast<size_t>(prop.l2CacheSize);
  return info;
}

std::string CudaDeviceSignature() {
  int dev = 0;
  if (DeviceCount() == 0 || cudaGetDevice(&dev) != cudaSuccess) return "cuda;none";
  auto info = GetDeviceInfo(dev);
  int runtime = 0, driver = 0;
  cudaRuntimeGetVersion(&runtime);
  cudaDriverGetVersion(&driver);
  std::string sig = "cuda;gpu=" + (info.ok() ? info->name : std::string("?"));
  if (info.ok()) sig += ";sm=" + std::to_string(info->sm_major) + std::to_string(info->sm_minor);
  sig += ";cuda=" + std::to_string(runtime) + ";driver=" + std::to_string(driver);
  sig += ";cudnn=" + std::to_string(cudnnGetVersion());
  sig += ";cublaslt=" + std::to_string(cublasLtGetVersion());
  return sig;
}

}  // namespace oar::cuda
