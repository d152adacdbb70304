#include "apps/command_line.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace sentio {

absl::StatusOr<CommandLine> CommandLine::Parse(const std::vector<std::string>& args) {
  CommandLine command_line;
  for (const std::string& arg : args) {
    if (!absl::StartsWith(arg, "--") || arg.size() == 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", arg, "': flags are written --name=value"));
    }
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(2, equals == std::string::npos ? std::string::npos
                                                                       : equals - 2);
    const std::string value = equals == std::string::npos ? "true" : arg.substr(equals + 1);
    if (!command_line.values_.emplace(name, value).second) {
      return absl::InvalidArgumentError(absl::StrCat("flag --", name, " is given twice"));
    }
  }
  return command_line;
}

absl::StatusOr<std::string> CommandLine::GetRequired(const std::string& name) {
  read_.insert(name);
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("missing required flag --", name, "=..."));
  }
  return it->second;
}

std::string CommandLine::GetString(const std::string& name, const std::string& default_value) {
  read_.insert(name);
  auto it = values_.find(name);
  return it == values_.end() ? default_value : it->second;
}

absl::StatusOr<int64_t> CommandLine::GetInt(const std::string& name, int64_t default_value) {
  read_.insert(name);
  auto it = values_.find(name);
  if (it == values_.end()) return default_value;
  int64_t value;
  if (!absl::SimpleAtoi(it->second, &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --", name, "=", it->second, " is not an integer"));
  }
  return value;
}

absl::StatusOr<double> CommandLine::GetDouble(const std::string& name, double default_value) {
  read_.insert(name);
  auto it = values_.find(name);
  if (it == values_.end()) return default_value;
  double value;
  if (!absl::SimpleAtod(it->second, &value) || !std::isfinite(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --", name, "=", it->second, " is not a number"));
  }
  return value;
}

std::map<std::string, std::string> CommandLine::Unread() const {
  std::map<std::string, std::string> unread;
  for (const auto& [name, value] : values_) {
    if (!read_.count(name)) unread.emplace(name, value);
  }
  return unread;
}

absl::Status CommandLine::CheckAllRead() const {
  for (const auto& [name, value] : Unread()) {
    return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
  }
  return absl::OkStatus();
}

}  // namespace sentio
