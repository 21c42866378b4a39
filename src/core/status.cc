#include "core/status.h"

#include <cstdio>

namespace oar {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "OK";
    case ErrorCode::kInvalidArgument: return "InvalidArgument";
    case ErrorCode::kInvalidGraph: return "InvalidGraph";
    case ErrorCode::kUnsupported: return "Unsupported";
    case ErrorCode::kNotFound: return "NotFound";
    case ErrorCode::kOutOfMemory: return "OutOfMemory";
    case ErrorCode::kDeviceError: return "DeviceError";
    case ErrorCode::kInternal: return "Internal";
    case ErrorCode::kVersionMismatch: return "VersionMismatch";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(ErrorCodeName(code_)) + ": " + message_;
}

Status Status::WithPrefix(const std::string& prefix) const {
  if (ok()) return *this;
  return Status(code_, prefix + message_);
}

void CheckFailed(const char* file, int line, const char* expr, const std::string& msg) {
  std::fprintf(stderr, "oar internal check failed at %s:%d: %s %s\n", file, line, expr, msg.c_str());
  std::abort();
}

}  // namespace oar
