#include "apps/command_line.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

// Levenshtein distance: the fewest insertions, deletions and substitutions from `a` to `b`.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

absl::StatusOr<CommandLine> CommandLine::Parse(const std::vector<std::string>& args) {
  CommandLine command_line;
  for (const std::string& arg : args) {
    if (!absl::StartsWith(arg, "--") || arg.size() == 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", arg, "': flags are written --name=value"));
    }
    const size_t equals = arg.find('=');
    const std::string name =
        arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
    const std::string value = equals == std::string::npos ? "true" : arg.substr(equals + 1);
    command_line.values_[name].push_back(value);
  }
  command_line.args_ = args;
  return command_line;
}

const std::string* CommandLine::ReadSingle(const std::string& name) {
  read_.insert(name);
  asked_.insert(name);
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second.front();
}

absl::StatusOr<std::string> CommandLine::GetRequired(const std::string& name) {
  const std::string* value = ReadSingle(name);
  if (value == nullptr || value->empty()) {
    return absl::InvalidArgumentError(absl::StrCat("missing required flag --", name, "=..."));
  }
  return *value;
}

std::string CommandLine::GetString(const std::string& name, const std::string& default_value) {
  const std::string* value = ReadSingle(name);
  return value == nullptr ? default_value : *value;
}

absl::StatusOr<int64_t> CommandLine::GetInt(const std::string& name, int64_t default_value) {
  const std::string* text = ReadSingle(name);
  if (text == nullptr) return default_value;
  int64_t value;
  if (!absl::SimpleAtoi(*text, &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --", name, "=", *text, " is not an integer"));
  }
  return value;
}

absl::StatusOr<double> CommandLine::GetDouble(const std::string& name, double default_value) {
  const std::string* text = ReadSingle(name);
  if (text == nullptr) return default_value;
  double value;
  if (!absl::SimpleAtod(*text, &value) || !std::isfinite(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --", name, "=", *text, " is not a number"));
  }
  return value;
}

std::vector<std::string> CommandLine::GetAll(const std::string& name) {
  read_.insert(name);
  asked_.insert(name);
  read_as_list_.insert(name);
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

absl::Status CommandLine::CheckRepeats() const {
  for (const auto& [name, values] : values_) {
    if (values.size() > 1 && !read_as_list_.count(name)) {
      return absl::InvalidArgumentError(absl::StrCat("flag --", name, " is given twice"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, std::string>> CommandLine::Unread() const {
  RETURN_IF_ERROR(CheckRepeats());
  std::map<std::string, std::string> unread;
  for (const auto& [name, values] : values_) {
    if (!read_.count(name)) unread.emplace(name, values.front());
  }
  return unread;
}

absl::Status CommandLine::CheckAllRead() const {
  ASSIGN_OR_RETURN(const auto unread, Unread());
  if (unread.empty()) return absl::OkStatus();
  const std::string& name = unread.begin()->first;
  std::string message = absl::StrCat("unknown flag --", name);
  // The closest flag the command asked for, when near enough to be a typo.
  const std::string* closest = nullptr;
  size_t closest_distance = 0;
  for (const std::string& known : asked_) {
    const size_t distance = EditDistance(name, known);
    if (closest == nullptr || distance < closest_distance) {
      closest = &known;
      closest_distance = distance;
    }
  }
  if (closest != nullptr && closest_distance <= std::max<size_t>(2, name.size() / 3)) {
    absl::StrAppend(&message, " (did you mean --", *closest, "?)");
  }
  if (!asked_.empty()) {
    absl::StrAppend(&message, "; this command takes --",
                    absl::StrJoin(asked_.begin(), asked_.end(), ", --"));
  }
  return absl::InvalidArgumentError(message);
}

}  // namespace sentio
