// The lexical layer of the ARFF reader: reads names and values (quoted or not, escapes resolved)
// off one line of an ARFF file, splits a data row into its fields, and reads the text of numbers
// and dates. Errors name no file or line; ParseArff adds them.
#ifndef SENSING_ARFF_TOKENIZER_H_
#define SENSING_ARFF_TOKENIZER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio {

// A name or value with its quotes removed and escapes resolved. `quoted` tells ? (a missing
// value) from '?' (the text "?").
struct ArffToken {
  std::string text;
  bool quoted = false;
};

// Reads tokens off one line, left to right. Whitespace is any ASCII control or space, as in Weka.
class ArffLineScanner {
 public:
  explicit ArffLineScanner(absl::string_view line) : rest_(line) {}

  // Skips whitespace; true when nothing is left.
  bool AtEnd();
  // Skips whitespace; the next character, or '\0' at the end of the line.
  char Peek();
  // Skips whitespace, then consumes `c` when it comes next.
  bool Consume(char c);
  // Skips whitespace, then reads a token quoted with ' or ", or an unquoted one, which ends at
  // whitespace, a comma, a brace or a quote. `what` names the expected token in errors.
  absl::StatusOr<ArffToken> ReadToken(absl::string_view what);
  // The start of what is left of the line, for error messages.
  std::string DescribeNext();

 private:
  void SkipWhitespace();
  absl::StatusOr<ArffToken> ReadQuoted(absl::string_view what);

  absl::string_view rest_;
};

// One `index value` pair of a sparse row; the reader checks the index.
struct ArffSparseEntry {
  ArffToken index;
  ArffToken value;
};

// The fields of one data row: dense `v1, v2, ...` or sparse `{i1 v1, i2 v2, ...}`, either one
// optionally followed by an instance weight in braces: `v1, v2, {0.5}`.
struct ArffDataRow {
  bool sparse = false;
  std::vector<ArffToken> values;         // dense rows
  std::vector<ArffSparseEntry> entries;  // sparse rows
  std::optional<ArffToken> weight;
};

absl::StatusOr<ArffDataRow> SplitDataRow(absl::string_view line);

// A Java SimpleDateFormat pattern, reduced to the numeric fields ARFF files use (yyyy MM dd HH mm
// ss SSS) and literals, quoted or not. Dates are read as UTC.
class ArffDateFormat {
 public:
  static absl::StatusOr<ArffDateFormat> Compile(absl::string_view pattern);

  // Milliseconds since the epoch, or nullopt when `text` does not match or names no real time
  // (month 13, February 30).
  std::optional<double> Parse(absl::string_view text) const;

 private:
  struct Element {
    char field;  // a pattern letter, or '\0' for a literal
    size_t width;
    std::string literal;
  };

  std::vector<Element> elements_;
};

}  // namespace sentio

#endif  // SENSING_ARFF_TOKENIZER_H_
