#include "sensing/graph_option_overrides.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "sensing/node_options.h"

namespace sentio {
namespace {

// Sets `option`'s value from `text` as the type `spec` declares.
absl::Status SetTypedValue(const OptionSpec& spec, const std::string& text, graph::Option& option) {
  switch (spec.type) {
    case OptionType::kString:
      option.set_string_value(text);
      return absl::OkStatus();
    case OptionType::kInt: {
      int64_t value;
      if (!absl::SimpleAtoi(text, &value)) break;
      option.set_int_value(value);
      return absl::OkStatus();
    }
    case OptionType::kDouble: {
      double value;
      if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) break;
      option.set_double_value(value);
      return absl::OkStatus();
    }
    case OptionType::kBool: {
      const std::string lower = absl::AsciiStrToLower(text);
      if (lower != "true" && lower != "false") break;
      option.set_bool_value(lower == "true");
      return absl::OkStatus();
    }
  }
  static constexpr const char* kTypeName[] = {"a string", "an integer", "a number",
                                              "true or false"};
  return absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not ", kTypeName[static_cast<int>(spec.type)]));
}

absl::Status ApplyOne(const std::string& text, const StageRegistry& registry,
                      graph::GraphConfig& config) {
  const size_t equals = text.find('=');
  const size_t dot = equals == std::string::npos ? std::string::npos : text.rfind('.', equals);
  if (dot == std::string::npos || dot == 0 || dot + 1 == equals) {
    return absl::InvalidArgumentError("expected NODE.OPTION=VALUE");
  }
  const std::string node_name = text.substr(0, dot);
  const std::string option_name = text.substr(dot + 1, equals - dot - 1);
  const std::string value = text.substr(equals + 1);

  auto node = std::find_if(config.mutable_node()->begin(), config.mutable_node()->end(),
                           [&](const graph::Node& n) { return n.name() == node_name; });
  if (node == config.mutable_node()->end()) {
    std::vector<std::string> names;
    for (const graph::Node& n : config.node()) names.push_back(n.name());
    return absl::InvalidArgumentError(absl::StrCat("the graph has no node '", node_name,
                                                   "' (nodes: ", absl::StrJoin(names, ", "), ")"));
  }
  ASSIGN_OR_RETURN(const StageType* type, registry.Find(node->stage()));
  const std::vector<OptionSpec>& specs = type->contract.options;
  auto spec = std::find_if(specs.begin(), specs.end(),
                           [&](const OptionSpec& s) { return s.name == option_name; });
  if (spec == specs.end()) {
    std::vector<std::string> names;
    for (const OptionSpec& s : specs) names.push_back(s.name);
    return absl::InvalidArgumentError(
        absl::StrCat("node '", node_name, "' (", node->stage(), ") has no option '", option_name,
                     "' (accepted: ", names.empty() ? "none" : absl::StrJoin(names, ", "), ")"));
  }
  graph::Option typed;
  typed.set_name(option_name);
  RETURN_IF_ERROR(SetTypedValue(*spec, value, typed));
  // Replaces every setting of the option (validation rejects a config that sets one twice).
  auto* options = node->mutable_option();
  options->erase(std::remove_if(options->begin(), options->end(),
                                [&](const graph::Option& o) { return o.name() == option_name; }),
                 options->end());
  *node->add_option() = std::move(typed);
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyOptionOverrides(const std::vector<std::string>& overrides,
                                  const StageRegistry& registry, graph::GraphConfig& config) {
  graph::GraphConfig result = config;
  RETURN_IF_ERROR(ExpandNodeOptions(registry, result));
  for (const std::string& text : overrides) {
    absl::Status status = ApplyOne(text, registry, result);
    if (!status.ok()) {
      return absl::Status(status.code(), absl::StrCat("--set=", text, ": ", status.message()));
    }
  }
  config = std::move(result);
  return absl::OkStatus();
}

}  // namespace sentio
