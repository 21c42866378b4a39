// Minimal leveled logging. OAR_VLOG(n) prints when n <= the level in env OAR_VLOG (default 0).
#pragma once

#include <sstream>
#include <string>

namespace oar {

enum class LogLevel { kInfo, kWarning, kError };

void LogMessage(LogLevel level, const std::string& msg);
int VerboseLevel();
/// Prints a warning only the first time `key` is seen in this process.
void WarnOnce(const std::string& key, const std::string& msg);

}  // namespace oar

#define OAR_LOG_WARNING(msg_expr)                                   \
  do {                                                              \
    std::ostringstream oar_log_os_;                                 \
    oar_log_os_ << msg_expr;                                        \
    ::oar::LogMessage(::oar::LogLevel::kWarning, oar_log_os_.str()); \
  } while (0)
#define OAR_LOG_INFO(msg_expr)                                   \
  do {                                                           \
    std::ostringstream oar_log_os_;                              \
    oar_log_os_ << msg_expr;                                     \
    ::oar::LogMessage(::oar::LogLevel::kInfo, oar_log_os_.str()); \
  } while (0)
#define OAR_VLOG(n, msg_expr)                                       \
  do {                                                              \
    if ((n) <= ::oar::VerboseLevel()) {                             \
      std::ostringstream oar_log_os_;                               \
      oar_log_os_ << msg_expr;                                      \
      ::oar::LogMessage(::oar::LogLevel::kInfo, oar_log_os_.str()); \
    }                                                               \
  } while (0)
