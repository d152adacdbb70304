#include "cnn/engine/engine_registry.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sentio::cnn::engine {
namespace {

std::map<std::string, EngineFactory, std::less<>>& Registry() {
  static auto* registry = new std::map<std::string, EngineFactory, std::less<>>();
  return *registry;
}

}  // namespace

bool RegisterEngine(const std::string& name, EngineFactory factory) {
  if (name.empty() || !factory || !Registry().emplace(name, std::move(factory)).second) {
    std::fprintf(stderr, "engine '%s' registered twice or without a factory\n", name.c_str());
    std::abort();
  }
  return true;
}

absl::StatusOr<std::unique_ptr<Engine>> MakeEngine(absl::string_view name,
                                                   const EngineOptions& options) {
  auto it = Registry().find(name);
  if (it == Registry().end()) {
    return absl::InvalidArgumentError(absl::StrCat("unknown engine '", name, "' (",
                                                   absl::StrJoin(EngineNames(), ", "), ")"));
  }
  if (options.threads < 1) {
    return absl::InvalidArgumentError(absl::StrCat(options.threads, " is not a thread count"));
  }
  return it->second(options);
}

std::vector<std::string> EngineNames() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : Registry()) names.push_back(name);
  return names;
}

}  // namespace sentio::cnn::engine
