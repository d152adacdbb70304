// Reads Weka ARFF files (the Attribute-Relation File Format of Weka 3) into a Dataset.
//
// Supported: case-insensitive @relation, @attribute and @data; % comment lines and blank lines
// anywhere; names and values quoted with ' or " (escapes \' \" \\ \n \t \r ...); numeric, real
// and integer (all numeric), nominal {a, b, 'c d'}, string and date attributes, the last with an
// optional Java SimpleDateFormat pattern made of yyyy MM dd HH mm ss SSS fields and literals
// (default "yyyy-MM-dd'T'HH:mm:ss", read as UTC); ? for a missing value; dense rows and sparse
// rows {index value, ...}; an instance weight in braces after a row, `1, a, {0.5}`.
//
// Like Weka, the last attribute is the class, and a sparse row's absent entries are 0: the
// number 0, a nominal attribute's first label, the epoch for a date. Unlike Weka, an absent
// string value is the empty string (Weka takes whatever string it saw first).
//
// Not supported: relational attributes (rejected), % comments after data on the same line, dates
// with two-digit years or month names. Every malformed input is an InvalidArgumentError naming
// the file and the 1-based line, e.g. "iris.arff:12: nominal value 'foo' is not declared for
// attribute 'class'".
#ifndef SENSING_ARFF_READER_H_
#define SENSING_ARFF_READER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/dataset.h"

namespace sentio {

// Data sets are kept dense, so a sparse row of a few bytes takes a value per attribute: the values
// a file may expand to are bounded (2 GiB of doubles, as much as the largest file read whole).
inline constexpr int64_t kMaxArffValues = int64_t{1} << 28;

// Parses the ARFF `text`; `file_name` only labels errors. More than `max_values` values (rows x
// attributes) are refused.
absl::StatusOr<Dataset> ParseArff(absl::string_view text, absl::string_view file_name,
                                  int64_t max_values = kMaxArffValues);

// Reads and parses the ARFF file at `path`.
absl::StatusOr<Dataset> ReadArffFile(const std::string& path);

}  // namespace sentio

#endif  // SENSING_ARFF_READER_H_
