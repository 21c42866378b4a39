// Status / StatusOr: the error model of oar. Library code never throws; every fallible
// function returns Status or StatusOr<T>. Messages follow style.md §7:
//   "<component>: op '<name>' (<Kind>) input #<i> '<value>': expected <x>, got <y>".
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace oar {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,
  kInvalidGraph,
  kUnsupported,
  kNotFound,
  kOutOfMemory,
  kDeviceError,
  kInternal,
  kVersionMismatch,
};

const char* ErrorCodeName(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }
  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  /// "<CodeName>: <message>", or "OK".
  std::string ToString() const;
  /// Returns a copy whose message is "<prefix><message>" (adds context while propagating).
  Status WithPrefix(const std::string& prefix) const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return Status(ErrorCode::kInvalidArgument, std::move(m)); }
inline Status InvalidGraph(std::string m) { return Status(ErrorCode::kInvalidGraph, std::move(m)); }
inline Status Unsupported(std::string m) { return Status(ErrorCode::kUnsupported, std::move(m)); }
inline Status NotFound(std::string m) { return Status(ErrorCode::kNotFound, std::move(m)); }
inline Status Internal(std::string m) { return Status(ErrorCode::kInternal, std::move(m)); }
inline Status OutOfMemory(std::string m) { return Status(ErrorCode::kOutOfMemory, std::move(m)); }
inline Status VersionMismatch(std::string m) { return Status(ErrorCode::kVersionMismatch, std::move(m)); }

template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(const Status& status) : status_(status) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Internal("StatusOr constructed from an OK status without a value");
  }
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

[[noreturn]] void CheckFailed(const char* file, int line, const char* expr, const std::string& msg);

}  // namespace oar

#define OAR_CONCAT_INNER_(a, b) a##b
#define OAR_CONCAT_(a, b) OAR_CONCAT_INNER_(a, b)

#define OAR_RETURN_IF_ERROR(expr)             \
  do {                                        \
    ::oar::Status oar_status_ = (expr);       \
    if (!oar_status_.ok()) return oar_status_; \
  } while (0)

#define OAR_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

#define OAR_ASSIGN_OR_RETURN(lhs, expr) OAR_ASSIGN_OR_RETURN_IMPL_(OAR_CONCAT_(oar_statusor_, __LINE__), lhs, expr)

/// Internal invariants only (never user input): aborts with file:line.
#define OAR_CHECK(cond)                                               \
  do {                                                                \
    if (!(cond)) ::oar::CheckFailed(__FILE__, __LINE__, #cond, "");   \
  } while (0)
#define OAR_CHECK_MSG(cond, msg)                                      \
  do {                                                                \
    if (!(cond)) ::oar::CheckFailed(__FILE__, __LINE__, #cond, (msg)); \
  } while (0)
