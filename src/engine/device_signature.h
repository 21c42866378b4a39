// The device signature that plans, timing-cache entries and cache keys carry (design.md §3 Cache):
// a plan built on one CPU must not run (or be trusted) on another whose ISA or libraries differ.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace oar::engine {

/// "cpu;vendor=GenuineIntel;isa=avx,avx2,avx512f,...;onednn=3.4.1" (or "onednn=off"). The ISA part
/// lists, in a fixed order, those of sse4_2, avx, avx2, fma, avx512f, avx512bw, avx512vl,
/// avx512_vnni, avx512_bf16, avx512_fp16, amx_tile, amx_bf16, amx_int8 that /proc/cpuinfo reports.
/// Computed once per process.
const std::string& CpuDeviceSignature();

/// Signature of the device an engine backend runs on: "cpu" is CpuDeviceSignature(); other
/// backends register theirs (RegisterDeviceSignature) when they are initialised. kUnsupported
/// for a backend this process does not have (a plan from a CUDA build read by a CPU-only one).
StatusOr<std::string> DeviceSignatureFor(const std::string& backend);
using DeviceSignatureFn = std::string (*)();
void RegisterDeviceSignature(const std::string& backend, DeviceSignatureFn fn);

/// 128-bit FNV-1a style hash (two independent 64-bit lanes) of `bytes` as 32 lower-case hex digits.
/// Stable across processes and builds: used for cache keys and file checksums.
std::string HashHex128(const std::string& bytes);
/// 64-bit FNV-1a of `bytes`.
uint64_t Hash64(const std::string& bytes);

}  // namespace oar::engine
