// Delimited text with a header line, as spreadsheets and loggers write it (CSV, TSV): records
// split by RFC 4180 rules (double quotes protect separators, line breaks and `""`; spaces around
// unquoted fields dropped), a header of unique column names, and rows of the header's width.
// Errors name the file and line. The readers that give the fields meaning build on this.
#ifndef SENSING_CSV_RECORDS_H_
#define SENSING_CSV_RECORDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio {

// One record: its fields and the line it starts on.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

struct CsvTable {
  CsvRecord header;
  std::vector<CsvRecord> rows;  // at least one

  // The index of the column called `name`, or -1.
  int ColumnOf(absl::string_view name) const;
};

// ',' for any file but `.tsv` and `.tab` ones, which are tab separated.
char SeparatorForPath(absl::string_view path);

// Whether a field stands for a missing value: empty or `?`.
bool IsMissingField(absl::string_view field);

// The records of `text` (blank lines between them skipped).
absl::StatusOr<std::vector<CsvRecord>> SplitCsvRecords(absl::string_view text,
                                                       absl::string_view file_name, char separator);

// The header (non-empty, unique names) and the rows, each as wide as the header.
absl::StatusOr<CsvTable> ParseCsvTable(absl::string_view text, absl::string_view file_name,
                                       char separator);

// The error for a column `name` that the header lacks, naming the option it was given for (e.g.
// "--class") and the columns there are.
absl::Status MissingColumnError(absl::string_view file_name, const CsvTable& table,
                                absl::string_view name, absl::string_view option);

}  // namespace sentio

#endif  // SENSING_CSV_RECORDS_H_
