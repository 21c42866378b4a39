#include "engine/device_signature.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <set>
#include <vector>

#ifdef OAR_WITH_ONEDNN
#include <oneapi/dnnl/dnnl.h>
#endif

namespace oar::engine {

namespace {

std::string ComputeSignature() {
  std::string vendor = "unknown";
  std::set<std::string> flags;
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  bool have_flags = false;
  while (std::getline(in, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    std::string value = line.substr(colon + 1);
    if (key == "vendor_id" && vendor == "unknown") {
      std::istringstream ss(value);
      ss >> vendor;
    } else if ((key == "flags" || key == "Features") && !have_flags) {
      std::istringstream ss(value);
      std::string f;
      while (ss >> f) flags.insert(f);
      have_flags = true;
    }
  }
  static const char* const kIsa[] = {"sse4_2",      "avx",         "avx2",     "fma",      "avx512f",
                                     "avx512bw",    "avx512vl",    "avx512_vnni", "avx512_bf16", "avx512_fp16",
                                     "amx_tile",    "amx_bf16",    "amx_int8", "asimd",    "sve"};
  std::string isa;
  for (const char* f : kIsa) {
    if (flags.count(f)) isa += (isa.empty() ? "" : ",") + std::string(f);
  }
  std::string onednn = "off";
#ifdef OAR_WITH_ONEDNN
  const dnnl_version_t* v = dnnl_version();
  onednn = std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
#endif
  return "cpu;vendor=" + vendor + ";isa=" + isa + ";onednn=" + onednn;
}

}  // namespace

namespace {
std::mutex& SignatureMutex() {
  static std::mutex mu;
  return mu;
}
std::map<std::string, DeviceSignatureFn>& SignatureFns() {
  static std::map<std::string, DeviceSignatureFn> fns;
  return fns;
}
}  // namespace

void RegisterDeviceSignature(const std::string& backend, DeviceSignatureFn fn) {
  std::lock_guard<std::mutex> lock(SignatureMutex());
  SignatureFns()[backend] = fn;
}

StatusOr<std::string> DeviceSignatureFor(const std::string& backend) {
  if (backend == "cpu") return CpuDeviceSignature();
  DeviceSignatureFn fn = nullptr;
  {
    std::lock_guard<std::mutex> lock(SignatureMutex());
    auto it = SignatureFns().find(backend);
    if (it != SignatureFns().end()) fn = it->second;
  }
  if (!fn) {
    return Unsupported("engine: backend '" + backend + "' is not available in this build or on this machine");
  }
  return fn();
}

const std::string& CpuDeviceSignature() {
  static const std::string sig = ComputeSignature();
  return sig;
}

uint64_t Hash64(const std::string& bytes) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string HashHex128(const std::string& bytes) {
  // Two lanes with different offsets; the second also mixes in the position so that the lanes
  // do not collide together.
  uint64_t a = 14695981039346656037ull;
  uint64_t b = 0x9e3779b97f4a7c15ull;
  uint64_t i = 0;
  for (unsigned char c : bytes) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ (c + (i++ << 8))) * 0x100000001b3ull;
    b ^= b >> 29;
  }
  auto mix = [](uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 33;
    return x;
  };
  char out[33];
  snprintf(out, sizeof(out), "%016llx%016llx", static_cast<unsigned long long>(mix(a)),
           static_cast<unsigned long long>(mix(b ^ a)));
  return std::string(out, 32);
}

}  // namespace oar::engine
