#include "sensing/arff_tokenizer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

constexpr size_t kDescribedChars = 20;

bool IsWhitespace(char c) { return static_cast<unsigned char>(c) <= ' '; }

bool EndsUnquotedToken(char c) {
  return IsWhitespace(c) || c == ',' || c == '{' || c == '}' || c == '\'' || c == '"';
}

// The character an escape `\c` stands for: Java's \n \t \r \b \f, else `c` itself (\' \" \\).
char Unescape(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    default:
      return c;
  }
}

// Reads `v1, v2, ...` up to the end of the line or the opening brace of an instance weight.
absl::Status ReadDenseValues(ArffLineScanner& scanner, std::vector<ArffToken>& values) {
  while (true) {
    ASSIGN_OR_RETURN(ArffToken value, scanner.ReadToken("a value"));
    values.push_back(std::move(value));
    if (scanner.AtEnd() || scanner.Peek() == '{') return absl::OkStatus();
    if (!scanner.Consume(',')) {
      return absl::InvalidArgumentError(absl::StrCat(
          "expected ',' after value '", values.back().text, "', found ", scanner.DescribeNext()));
    }
    if (scanner.Peek() == '{') return absl::OkStatus();
  }
}

absl::StatusOr<ArffSparseEntry> ReadSparseEntry(ArffLineScanner& scanner) {
  ArffSparseEntry entry;
  ASSIGN_OR_RETURN(entry.index, scanner.ReadToken("a sparse entry 'index value'"));
  ASSIGN_OR_RETURN(entry.value, scanner.ReadToken(
                                    absl::StrCat("a value after sparse index ", entry.index.text)));
  return entry;
}

// Reads `i1 v1, i2 v2, ...}`, the rest of a sparse row after its opening brace.
absl::Status ReadSparseEntries(ArffLineScanner& scanner, std::vector<ArffSparseEntry>& entries) {
  if (scanner.Consume('}')) return absl::OkStatus();
  while (true) {
    ASSIGN_OR_RETURN(ArffSparseEntry entry, ReadSparseEntry(scanner));
    entries.push_back(std::move(entry));
    if (scanner.Consume('}')) return absl::OkStatus();
    if (scanner.AtEnd()) return absl::InvalidArgumentError("unterminated sparse row: missing '}'");
    if (!scanner.Consume(',')) {
      return absl::InvalidArgumentError(absl::StrCat(
          "malformed sparse entry '", entries.back().index.text, " ", entries.back().value.text,
          "': expected ',' or '}' after it, found ", scanner.DescribeNext()));
    }
  }
}

// Reads `{weight}` up to the end of the line.
absl::StatusOr<ArffToken> ReadWeight(ArffLineScanner& scanner) {
  scanner.Consume('{');
  ASSIGN_OR_RETURN(ArffToken weight, scanner.ReadToken("an instance weight"));
  if (!scanner.Consume('}')) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bad instance weight '", weight.text, "': expected '}', found ", scanner.DescribeNext()));
  }
  if (!scanner.AtEnd()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected ", scanner.DescribeNext(), " after the instance weight"));
  }
  return weight;
}

// Reads the quoted literal at the start of `pattern`: `''` is a quote, `'o''clock'` is o'clock.
absl::StatusOr<std::string> ConsumeQuotedLiteral(absl::string_view& pattern) {
  if (absl::ConsumePrefix(&pattern, "''")) return std::string("'");
  std::string literal;
  for (size_t i = 1; i < pattern.size(); ++i) {
    if (pattern[i] != '\'') {
      literal.push_back(pattern[i]);
    } else if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
      literal.push_back('\'');
      ++i;
    } else {
      pattern.remove_prefix(i + 1);
      return literal;
    }
  }
  return absl::InvalidArgumentError("unterminated quote");
}

// Two-digit years and month names (yy, MMM) change how Java reads a field; they are not supported.
// Nine digits at most keep every field within int range.
bool IsSupportedField(char letter, size_t width) {
  if (width > 9) return false;
  switch (letter) {
    case 'y':
      return width != 2;
    case 'M':
      return width <= 2;
    case 'd':
    case 'H':
    case 'm':
    case 's':
    case 'S':
      return true;
    default:
      return false;
  }
}

}  // namespace

void ArffLineScanner::SkipWhitespace() {
  while (!rest_.empty() && IsWhitespace(rest_.front())) rest_.remove_prefix(1);
}

bool ArffLineScanner::AtEnd() {
  SkipWhitespace();
  return rest_.empty();
}

char ArffLineScanner::Peek() { return AtEnd() ? '\0' : rest_.front(); }

bool ArffLineScanner::Consume(char c) {
  if (AtEnd() || rest_.front() != c) return false;
  rest_.remove_prefix(1);
  return true;
}

absl::StatusOr<ArffToken> ArffLineScanner::ReadToken(absl::string_view what) {
  if (!AtEnd() && (rest_.front() == '\'' || rest_.front() == '"')) return ReadQuoted(what);
  if (AtEnd() || EndsUnquotedToken(rest_.front())) {
    return absl::InvalidArgumentError(absl::StrCat("expected ", what, ", found ", DescribeNext()));
  }
  size_t length = 0;
  while (length < rest_.size() && !EndsUnquotedToken(rest_[length])) ++length;
  ArffToken token{std::string(rest_.substr(0, length)), /*quoted=*/false};
  rest_.remove_prefix(length);
  return token;
}

absl::StatusOr<ArffToken> ArffLineScanner::ReadQuoted(absl::string_view what) {
  const char quote = rest_.front();
  ArffToken token{"", /*quoted=*/true};
  for (size_t i = 1; i < rest_.size(); ++i) {
    char c = rest_[i];
    if (c == quote) {
      rest_.remove_prefix(i + 1);
      return token;
    }
    if (c == '\\') {
      if (++i == rest_.size()) break;
      c = Unescape(rest_[i]);
    }
    token.text.push_back(c);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unterminated quote in ", what, " starting ", DescribeNext()));
}

std::string ArffLineScanner::DescribeNext() {
  if (AtEnd()) return "end of line";
  const bool shortened = rest_.size() > kDescribedChars;
  return absl::StrCat("'", rest_.substr(0, kDescribedChars), shortened ? "...'" : "'");
}

absl::StatusOr<ArffDataRow> SplitDataRow(absl::string_view line) {
  ArffLineScanner scanner(line);
  ArffDataRow row;
  row.sparse = scanner.Consume('{');
  RETURN_IF_ERROR(row.sparse ? ReadSparseEntries(scanner, row.entries)
                             : ReadDenseValues(scanner, row.values));
  if (scanner.AtEnd()) return row;
  if (row.sparse) scanner.Consume(',');
  if (scanner.Peek() != '{') {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected an instance weight '{w}' after the sparse row, found ", scanner.DescribeNext()));
  }
  ASSIGN_OR_RETURN(row.weight, ReadWeight(scanner));
  return row;
}

absl::StatusOr<ArffDateFormat> ArffDateFormat::Compile(absl::string_view pattern) {
  ArffDateFormat format;
  while (!pattern.empty()) {
    const char c = pattern.front();
    if (c == '\'') {
      ASSIGN_OR_RETURN(std::string literal, ConsumeQuotedLiteral(pattern));
      format.elements_.push_back({'\0', 0, std::move(literal)});
    } else if (absl::ascii_isalpha(c)) {
      const size_t width = std::min(pattern.find_first_not_of(c), pattern.size());
      if (!IsSupportedField(c, width)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "unsupported field '", pattern.substr(0, width), "'; use yyyy MM dd HH mm ss SSS"));
      }
      format.elements_.push_back({c, width, ""});
      pattern.remove_prefix(width);
    } else {
      format.elements_.push_back({'\0', 0, std::string(1, c)});
      pattern.remove_prefix(1);
    }
  }
  return format;
}

std::optional<double> ArffDateFormat::Parse(absl::string_view text) const {
  // Indexed by pattern letter; what the pattern leaves out is 1970-01-01 00:00:00.000.
  std::unordered_map<char, int64_t> fields = {{'y', 1970}, {'M', 1}, {'d', 1}, {'H', 0},
                                              {'m', 0},    {'s', 0}, {'S', 0}};
  for (size_t e = 0; e < elements_.size(); ++e) {
    const Element& element = elements_[e];
    if (element.field == '\0') {
      if (!absl::ConsumePrefix(&text, element.literal)) return std::nullopt;
      continue;
    }
    // As in Java, a field followed directly by another (yyyyMMdd) takes exactly its width of
    // digits; any other takes all the digits there are.
    const bool abutting = e + 1 < elements_.size() && elements_[e + 1].field != '\0';
    const size_t max_digits = abutting ? element.width : 9;
    size_t digits = 0;
    while (digits < text.size() && digits < max_digits && absl::ascii_isdigit(text[digits])) {
      ++digits;
    }
    if (digits == 0 || (abutting && digits != element.width)) return std::nullopt;
    if (!absl::SimpleAtoi(text.substr(0, digits), &fields[element.field])) return std::nullopt;
    text.remove_prefix(digits);
  }
  const absl::CivilSecond time(fields['y'], fields['M'], fields['d'], fields['H'], fields['m'],
                               fields['s']);
  // CivilSecond normalizes out-of-range fields (month 13 becomes January); reject those instead.
  if (!text.empty() || time.year() != fields['y'] || time.month() != fields['M'] ||
      time.day() != fields['d'] || time.hour() != fields['H'] || time.minute() != fields['m'] ||
      time.second() != fields['s'] || fields['S'] > 999) {
    return std::nullopt;
  }
  const int64_t seconds = absl::ToUnixSeconds(absl::FromCivil(time, absl::UTCTimeZone()));
  return static_cast<double>(seconds) * 1000.0 + static_cast<double>(fields['S']);
}

}  // namespace sentio
