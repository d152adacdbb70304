#include "sensing/class_names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/file_reading.h"
#include "base/status_macros.h"

namespace sentio {

absl::StatusOr<std::vector<std::string>> ReadClassNames(const std::string& path) {
  constexpr int64_t kMaxBytes = 1 << 20;
  ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path, kMaxBytes));
  std::vector<std::string> names;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty()) names.emplace_back(line);
  }
  if (names.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": no class names"));
  return names;
}

}  // namespace sentio
