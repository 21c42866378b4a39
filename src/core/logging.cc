#include "core/logging.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>

namespace oar {

void LogMessage(LogLevel level, const std::string& msg) {
  const char* tag = level == LogLevel::kInfo ? "I" : level == LogLevel::kWarning ? "W" : "E";
  std::fprintf(stderr, "[oar %s] %s\n", tag, msg.c_str());
}

int VerboseLevel() {
  static const int level = [] {
    const char* v = std::getenv("OAR_VLOG");
    return v ? std::atoi(v) : 0;
  }();
  return level;
}

void WarnOnce(const std::string& key, const std::string& msg) {
  static std::mutex mu;
  static std::set<std::string> seen;
  std::lock_guard<std::mutex> lock(mu);
  if (seen.insert(key).second) LogMessage(LogLevel::kWarning, msg);
}

}  // namespace oar
