#include "frontends/paddle/converter_registry.h"

#include <algorithm>

namespace oar::frontends::paddle {

const ConverterRegistry& ConverterRegistry::Global() {
  static const ConverterRegistry* registry = [] {
    auto* r = new ConverterRegistry();
    RegisterAllConverters(*r);
    return r;
  }();
  return *registry;
}

void ConverterRegistry::Register(const std::string& op_type, ConvertFn fn) {
  OAR_CHECK_MSG(fn != nullptr, "null converter for Paddle op '" + op_type + "'");
  OAR_CHECK_MSG(converters_.emplace(op_type, fn).second, "Paddle op '" + op_type + "' registered twice");
}

ConvertFn ConverterRegistry::Find(const std::string& op_type) const {
  auto it = converters_.find(op_type);
  return it == converters_.end() ? nullptr : it->second;
}

std::vector<std::string> ConverterRegistry::OpTypes() const {
  std::vector<std::string> out;
  out.reserve(converters_.size());
  for (const auto& [type, fn] : converters_) out.push_back(type);
  std::sort(out.begin(), out.end());
  return out;
}

bool IsStructuralOp(const std::string& op_type) { return op_type == "feed" || op_type == "fetch"; }

}  // namespace oar::frontends::paddle
