#include "sensing/stage_registry.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sensing/option_message.h"

namespace sentio {

StageRegistry& StageRegistry::Global() {
  static auto* registry = new StageRegistry;
  return *registry;
}

bool StageRegistry::Register(const std::string& name, StageContract contract, StageFactory make) {
  if (contract.options_message != nullptr) {
    absl::StatusOr<std::vector<OptionSpec>> options = OptionSpecsOf(*contract.options_message);
    if (!options.ok()) {
      invalid_.emplace(name, std::string(options.status().message()));
      return false;
    }
    contract.options = *std::move(options);
  }
  if (!types_.emplace(name, StageType{std::move(contract), std::move(make)}).second) {
    registered_twice_.push_back(name);
    return false;
  }
  return true;
}

absl::StatusOr<const StageType*> StageRegistry::Find(absl::string_view name) const {
  if (std::find(registered_twice_.begin(), registered_twice_.end(), name) !=
      registered_twice_.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("stage type '", name, "' is registered twice in this binary"));
  }
  if (auto invalid = invalid_.find(name); invalid != invalid_.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("stage type '", name, "' cannot be registered: ", invalid->second));
  }
  auto it = types_.find(name);
  if (it == types_.end()) {
    const std::vector<std::string> names = Names();
    return absl::NotFoundError(absl::StrCat(
        "unknown stage type '", name, "'; registered: ",
        names.empty() ? "none" : absl::StrJoin(names, ", ")));
  }
  return &it->second;
}

std::vector<std::string> StageRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, type] : types_) names.push_back(name);
  for (const auto& [name, why] : invalid_) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace sentio
