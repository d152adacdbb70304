#include "sensing/stage_listing.h"

#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"

namespace sentio {
namespace {

std::string PortList(const std::vector<PortSpec>& ports) {
  if (ports.empty()) return "none";
  std::vector<std::string> parts;
  for (const PortSpec& port : ports) {
    parts.push_back(absl::StrCat(port.name, " (", PayloadTypeName(port.type), ")"));
  }
  return absl::StrJoin(parts, ", ");
}

std::string OptionList(const std::vector<OptionSpec>& options) {
  if (options.empty()) return "none";
  std::vector<std::string> parts;
  for (const OptionSpec& option : options) {
    std::string part = absl::StrCat(option.name, " (", OptionTypeName(option.type));
    if (!option.choices.empty()) absl::StrAppend(&part, ": ", absl::StrJoin(option.choices, "|"));
    if (option.required) {
      absl::StrAppend(&part, ", required");
    } else if (option.default_value) {
      absl::StrAppend(&part, ", default ", FormatOptionValue(*option.default_value));
    } else {
      absl::StrAppend(&part, ", optional");
    }
    parts.push_back(part + ")");
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

absl::string_view OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kString:
      return "string";
    case OptionType::kInt:
      return "int";
    case OptionType::kDouble:
      return "double";
    case OptionType::kBool:
      return "bool";
  }
  return "unknown";
}

std::string FormatOptionValue(const OptionValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return absl::StrCat("\"", *text, "\"");
  if (const auto* number = std::get_if<int64_t>(&value)) return absl::StrCat(*number);
  if (const auto* number = std::get_if<double>(&value)) return absl::StrCat(*number);
  return std::get<bool>(value) ? "true" : "false";
}

void PrintStageList(const StageRegistry& registry, std::ostream& out) {
  for (const std::string& name : registry.Names()) {
    absl::StatusOr<const StageType*> type = registry.Find(name);
    if (!type.ok()) {
      out << name << "\n  " << type.status().message() << "\n";
      continue;
    }
    const StageContract& contract = (*type)->contract;
    out << name << "\n  inputs:  " << PortList(contract.inputs)
        << "\n  outputs: " << PortList(contract.outputs)
        << "\n  options: " << OptionList(contract.options) << "\n";
    if (contract.options_message != nullptr) {
      out << "  node_options: " << contract.options_message->full_name() << "\n";
    }
  }
}

}  // namespace sentio
