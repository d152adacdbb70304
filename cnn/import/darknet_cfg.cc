#include "cnn/import/darknet_cfg.h"

#include <cmath>
#include <limits>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"

namespace sentio::cnn::import {
namespace {

std::string WithoutWhitespace(absl::string_view line) {
  std::string out;
  for (char c : line) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<DarknetSection>> ParseDarknetCfg(absl::string_view text,
                                                            absl::string_view file_name) {
  std::vector<DarknetSection> sections;
  const std::vector<absl::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int line_number = static_cast<int>(i) + 1;
    const std::string line = WithoutWhitespace(lines[i]);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      if (line.back() != ']' || line.size() < 3) {
        return sentio::ErrorAt(file_name, line_number,
                               absl::StrCat("bad section header '", line, "'"));
      }
      DarknetSection section;
      section.type = line.substr(1, line.size() - 2);
      section.line = line_number;
      sections.push_back(std::move(section));
      continue;
    }
    const size_t equals = line.find('=');
    if (equals == std::string::npos || equals == 0) {
      return sentio::ErrorAt(file_name, line_number,
                             absl::StrCat("expected key=value, found '", line, "'"));
    }
    if (sections.empty()) {
      return sentio::ErrorAt(file_name, line_number, "an option before the first [section]");
    }
    const std::string key = line.substr(0, equals);
    DarknetSection::Option option{line.substr(equals + 1), line_number};
    if (!sections.back().options.emplace(key, option).second) {
      return sentio::ErrorAt(file_name, line_number,
                             absl::StrCat("key '", key, "' appears twice in [",
                                          sections.back().type, "]"));
    }
  }
  if (sections.empty()) return sentio::ErrorAt(file_name, 1, "no sections");
  return sections;
}

const DarknetSection::Option* SectionOptions::Find(const std::string& key) {
  read_.insert(key);
  auto it = section_.options.find(key);
  return it == section_.options.end() ? nullptr : &it->second;
}

absl::Status SectionOptions::ErrorAt(const std::string& key, absl::string_view message) const {
  auto it = section_.options.find(key);
  const int line = it == section_.options.end() ? section_.line : it->second.line;
  return sentio::ErrorAt(file_name_, line, absl::StrCat("[", section_.type, "] ", message));
}

absl::Status SectionOptions::Error(absl::string_view message) const {
  return sentio::ErrorAt(file_name_, section_.line, absl::StrCat("[", section_.type, "] ", message));
}

absl::StatusOr<int> SectionOptions::Int(const std::string& key, int default_value) {
  const DarknetSection::Option* option = Find(key);
  if (option == nullptr) return default_value;
  int value = 0;
  if (!absl::SimpleAtoi(option->value, &value)) {
    return ErrorAt(key, absl::StrCat(key, "=", option->value, " is not an integer"));
  }
  return value;
}

absl::StatusOr<int> SectionOptions::RequiredInt(const std::string& key) {
  if (section_.options.count(key) == 0) return Error(absl::StrCat("needs '", key, "'"));
  return Int(key, 0);
}

absl::StatusOr<float> SectionOptions::Float(const std::string& key, float default_value) {
  const DarknetSection::Option* option = Find(key);
  if (option == nullptr) return default_value;
  const std::optional<double> value = ParseFiniteDouble(option->value);
  if (!value.has_value() || std::abs(*value) > std::numeric_limits<float>::max()) {
    return ErrorAt(key, absl::StrCat(key, "=", option->value, " is not a number"));
  }
  return static_cast<float>(*value);
}

absl::StatusOr<std::string> SectionOptions::String(const std::string& key,
                                                   const std::string& default_value) {
  const DarknetSection::Option* option = Find(key);
  return option == nullptr ? default_value : option->value;
}

absl::StatusOr<std::vector<int>> SectionOptions::Ints(const std::string& key) {
  const DarknetSection::Option* option = Find(key);
  std::vector<int> values;
  if (option == nullptr) return values;
  for (absl::string_view item : absl::StrSplit(option->value, ',')) {
    int value = 0;
    if (!absl::SimpleAtoi(item, &value)) {
      return ErrorAt(key, absl::StrCat(key, "=", option->value, " is not a list of integers"));
    }
    values.push_back(value);
  }
  return values;
}

absl::StatusOr<std::vector<float>> SectionOptions::Floats(const std::string& key) {
  const DarknetSection::Option* option = Find(key);
  std::vector<float> values;
  if (option == nullptr) return values;
  for (absl::string_view item : absl::StrSplit(option->value, ',')) {
    const std::optional<double> value = ParseFiniteDouble(item);
    if (!value.has_value() || std::abs(*value) > std::numeric_limits<float>::max()) {
      return ErrorAt(key, absl::StrCat(key, "=", option->value, " is not a list of numbers"));
    }
    values.push_back(static_cast<float>(*value));
  }
  return values;
}

absl::Status SectionOptions::CheckAllUnderstood(const std::set<std::string>& ignored) const {
  for (const auto& [key, option] : section_.options) {
    if (read_.count(key) == 0 && ignored.count(key) == 0) {
      return sentio::ErrorAt(file_name_, option.line,
                             absl::StrCat("unknown key '", key, "' in [", section_.type, "]"));
    }
  }
  return absl::OkStatus();
}

}  // namespace sentio::cnn::import
