#include "base/text_parsing.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace sentio {

std::vector<absl::string_view> SplitLines(absl::string_view text) {
  absl::ConsumePrefix(&text, "\xEF\xBB\xBF");
  absl::ConsumeSuffix(&text, "\n");
  if (text.empty()) return {};
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  for (absl::string_view& line : lines) absl::ConsumeSuffix(&line, "\r");
  return lines;
}

std::optional<double> ParseFiniteDouble(absl::string_view text) {
  // SimpleAtod also takes hexadecimal ("0x1p3"), which no data file means.
  text = absl::StripAsciiWhitespace(text);
  if (text.find_first_not_of("0123456789+-.eE") != absl::string_view::npos) return std::nullopt;
  double value = 0;
  if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string ShortestNumber(double value) {
  if (value == std::floor(value) && std::abs(value) < 1e15) return absl::StrFormat("%.0f", value);
  for (int precision = 1; precision < 17; ++precision) {
    const std::string text = absl::StrFormat("%.*g", precision, value);
    double parsed = 0;
    if (absl::SimpleAtod(text, &parsed) && parsed == value) return text;
  }
  return absl::StrFormat("%.17g", value);
}

absl::Status ErrorAt(absl::string_view file_name, int line, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(file_name, ":", line, ": ", message));
}

std::string FileStem(absl::string_view path) {
  const size_t slash = path.find_last_of('/');
  if (slash != absl::string_view::npos) path.remove_prefix(slash + 1);
  const size_t dot = path.find_last_of('.');
  if (dot != absl::string_view::npos && dot > 0) path = path.substr(0, dot);
  return std::string(path);
}

}  // namespace sentio
