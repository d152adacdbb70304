// Reader for classification data in CSV files: a header line of attribute names, then one
// instance per line, the class in the last column.
//
// Fields are comma separated; RFC 4180 double quotes protect commas, line breaks and `""` (one
// quote); spaces around unquoted fields are dropped. An empty field or `?` is a missing value. A
// column is numeric when every value present is a finite decimal number, otherwise nominal with its
// labels in order of first appearance; the class column is always nominal. The relation is named
// after the file: "data/weather.csv" -> "weather". Errors name the file and line.
#ifndef SENSING_CSV_READER_H_
#define SENSING_CSV_READER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/dataset.h"

namespace sentio {

// Parses CSV text; `file_name` names it in error messages and the relation.
absl::StatusOr<Dataset> ParseCsv(absl::string_view text, absl::string_view file_name);

absl::StatusOr<Dataset> ReadCsvFile(const std::string& path);

}  // namespace sentio

#endif  // SENSING_CSV_READER_H_
