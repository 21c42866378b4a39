#include "passes/pass.h"

namespace oar::passes {

PassRegistry& PassRegistry::Global() {
  static PassRegistry* registry = [] {
    auto* r = new PassRegistry();
    RegisterAllPasses(*r);
    return r;
  }();
  return *registry;
}

void PassRegistry::Register(PassInfo info, PassFactory factory) {
  OAR_CHECK_MSG(!info.name.empty(), "pass registered without a name");
  OAR_CHECK_MSG(entries_.count(info.name) == 0, "pass '" + info.name + "' registered twice");
  OAR_CHECK_MSG(factory != nullptr, "pass '" + info.name + "' registered without a factory");
  std::string name = info.name;
  entries_.emplace(std::move(name), Entry{std::move(info), std::move(factory)});
}

const PassInfo* PassRegistry::Find(const std::string& name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second.info;
}

StatusOr<std::unique_ptr<Pass>> PassRegistry::Create(const std::string& name, const PassOptions& options) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) {
    std::string known;
    for (const auto& [n, e] : entries_) known += (known.empty() ? "" : ", ") + n;
    return NotFound("pass registry: unknown pass '" + name + "' (registered: " + known + ")");
  }
  std::unique_ptr<Pass> pass = it->second.factory(options);
  if (!pass) return Internal("pass registry: the factory of pass '" + name + "' returned nothing");
  return pass;
}

std::vector<std::string> PassRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [n, e] : entries_) names.push_back(n);
  return names;
}

}  // namespace oar::passes
