// ConverterRegistry: Paddle op type -> the function that turns one such op into IR nodes.
// Registration is data: each converters/<op>_converter.cc defines one Register<Op>Converter
// function, and converters/register_converters.cc calls every one of them explicitly.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "frontends/paddle/converter_context.h"

namespace oar::frontends::paddle {

/// Converts one Paddle op: reads attributes and inputs from `ctx`, adds nodes, creates the outputs.
using ConvertFn = Status (*)(ConverterContext& ctx);

class ConverterRegistry {
 public:
  /// The process-wide registry holding every built-in converter (built once, then read-only).
  static const ConverterRegistry& Global();

  /// Adds a converter; registering an op type twice is an internal error (aborts).
  void Register(const std::string& op_type, ConvertFn fn);
  /// The converter of an op type, or nullptr.
  ConvertFn Find(const std::string& op_type) const;
  /// Every registered op type, sorted.
  std::vector<std::string> OpTypes() const;

 private:
  std::unordered_map<std::string, ConvertFn> converters_;
};

/// Registers every built-in converter (converters/register_converters.cc).
void RegisterAllConverters(ConverterRegistry& registry);

/// Op types the program converter handles itself (feed, fetch): not in the registry, never unsupported.
bool IsStructuralOp(const std::string& op_type);

}  // namespace oar::frontends::paddle
