// Reader for classification data in CSV (or TSV) files: a header line of attribute names, then
// one instance per line, the class in the last column or the one named.
//
// Fields are split as sensing/csv_records.h says (RFC 4180 quoting). An empty field or `?` is a
// missing value. A column is numeric when every value present is a finite decimal number, otherwise
// nominal with its labels in order of first appearance; the class column is always nominal and
// becomes the last attribute. The relation is named after the file: "data/weather.csv" ->
// "weather". Errors name the file and line.
#ifndef SENSING_CSV_READER_H_
#define SENSING_CSV_READER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/dataset.h"

namespace sentio {

struct CsvReadOptions {
  std::string class_column;  // empty: the last column
  char separator = ',';
};

// Parses CSV text; `file_name` names it in error messages and the relation.
absl::StatusOr<Dataset> ParseCsv(absl::string_view text, absl::string_view file_name,
                                 const CsvReadOptions& options = {});

// A file, tab separated when its name ends in `.tsv` or `.tab`; `class_column` as in
// CsvReadOptions.
absl::StatusOr<Dataset> ReadCsvFile(const std::string& path, const std::string& class_column = "");

}  // namespace sentio

#endif  // SENSING_CSV_READER_H_
