#include "sensing/wav_directory.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <regex>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

absl::StatusOr<std::regex> Compile(const std::string& expression, const char* what) {
  try {
    return std::regex(expression, std::regex::ECMAScript);
  } catch (const std::regex_error& error) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, " '", expression, "' is not a valid regular expression: ", error.what()));
  }
}

}  // namespace

absl::StatusOr<std::vector<LabelledFile>> ListLabelledFiles(const std::string& directory,
                                                            const std::string& file_regex,
                                                            const std::string& label_regex) {
  namespace fs = std::filesystem;
  absl::StatusOr<std::regex> files = Compile(file_regex, "file pattern");
  if (!files.ok()) return files.status();
  std::optional<std::regex> labels;
  if (!label_regex.empty()) {
    absl::StatusOr<std::regex> compiled = Compile(label_regex, "label pattern");
    if (!compiled.ok()) return compiled.status();
    if (compiled->mark_count() < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("label pattern '", label_regex,
                       "' has no capture group (write the label part in (...))"));
    }
    labels = *std::move(compiled);
  }
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    return absl::NotFoundError(absl::StrCat(directory, ": not a directory"));
  }
  std::vector<LabelledFile> result;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const std::string name = it->path().filename().string();
    if (!std::regex_match(name, *files)) continue;
    result.push_back({it->path().string(), name, ""});
  }
  if (error) {
    return absl::UnavailableError(absl::StrCat(directory, ": cannot list: ", error.message()));
  }
  if (result.empty()) {
    return absl::NotFoundError(
        absl::StrCat(directory, ": no file name matches '", file_regex, "'"));
  }
  std::sort(result.begin(), result.end(),
            [](const LabelledFile& a, const LabelledFile& b) { return a.name < b.name; });
  if (labels) {
    for (LabelledFile& file : result) {
      std::smatch match;
      if (!std::regex_search(file.name, match, *labels) || match[1].length() == 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            file.path, ": the label pattern '", label_regex, "' finds no label in the name"));
      }
      file.label = match[1].str();
    }
  }
  return result;
}

}  // namespace sentio
