#include "sensing/csv_reader.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"

namespace sentio {
namespace {

// One CSV record: its fields and the line it starts on.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

bool IsBlank(absl::string_view line) { return absl::StripAsciiWhitespace(line).empty(); }

bool IsMissingField(absl::string_view field) { return field.empty() || field == "?"; }

// Cuts the lines of a CSV text into records; a quoted field may run over several lines.
class RecordSplitter {
 public:
  RecordSplitter(absl::string_view text, absl::string_view file_name)
      : lines_(SplitLines(text)), file_name_(file_name) {}

  // All records; blank lines between them are skipped.
  absl::StatusOr<std::vector<CsvRecord>> Split() {
    std::vector<CsvRecord> records;
    while (line_index_ < lines_.size()) {
      if (IsBlank(lines_[line_index_])) {
        ++line_index_;
        continue;
      }
      ASSIGN_OR_RETURN(CsvRecord record, NextRecord());
      records.push_back(std::move(record));
    }
    return records;
  }

 private:
  int LineNumber() const { return static_cast<int>(line_index_) + 1; }

  // The record that starts at line_index_; leaves line_index_ at the line after it.
  absl::StatusOr<CsvRecord> NextRecord() {
    CsvRecord record;
    record.line = LineNumber();
    std::string field;
    bool quoted = false;     // the current field is a quoted one
    bool in_quotes = false;  // between its opening and closing quote
    int quote_line = 0;
    absl::string_view line = lines_[line_index_];
    size_t pos = 0;
    while (true) {
      if (pos == line.size()) {
        if (!in_quotes) break;
        if (++line_index_ == lines_.size()) {
          return ErrorAt(file_name_, quote_line, "unterminated quote");
        }
        field += '\n';
        line = lines_[line_index_];
        pos = 0;
        continue;
      }
      const char c = line[pos++];
      if (in_quotes) {
        if (c != '"') {
          field += c;
        } else if (pos < line.size() && line[pos] == '"') {
          field += '"';
          ++pos;
        } else {
          in_quotes = false;
        }
      } else if (c == ',') {
        record.fields.push_back(FinishField(std::move(field), quoted));
        field.clear();
        quoted = false;
      } else if (quoted) {
        if (!absl::ascii_isspace(c)) {
          return ErrorAt(file_name_, LineNumber(),
                         absl::StrCat("unexpected '", std::string(1, c),
                                      "' after the closing quote of field ",
                                      record.fields.size() + 1));
        }
      } else if (c == '"' && IsBlank(field)) {
        quoted = in_quotes = true;
        quote_line = LineNumber();
        field.clear();
      } else {
        field += c;
      }
    }
    ++line_index_;
    record.fields.push_back(FinishField(std::move(field), quoted));
    return record;
  }

  // Quoted fields keep their spaces, unquoted ones lose the surrounding ones.
  static std::string FinishField(std::string field, bool quoted) {
    if (!quoted) absl::StripAsciiWhitespace(&field);
    return field;
  }

  const std::vector<absl::string_view> lines_;
  const absl::string_view file_name_;
  size_t line_index_ = 0;
};

absl::Status CheckHeader(const CsvRecord& header, absl::string_view file_name) {
  const std::vector<std::string>& names = header.fields;
  if (names.size() < 2) {
    return ErrorAt(file_name, header.line,
                   absl::StrCat("the header has ", names.size(),
                                " column; at least one attribute and the class are needed"));
  }
  std::unordered_map<std::string, size_t> column_of_name;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      return ErrorAt(file_name, header.line, absl::StrCat("column ", i + 1, " has no name"));
    }
    const auto [it, inserted] = column_of_name.emplace(names[i], i);
    if (!inserted) {
      return ErrorAt(file_name, header.line,
                     absl::StrCat("duplicate column name '", names[i], "' (columns ",
                                  it->second + 1, " and ", i + 1, ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRows(const std::vector<CsvRecord>& records, absl::string_view file_name) {
  const CsvRecord& header = records[0];
  if (records.size() == 1) {
    return ErrorAt(file_name, header.line, "no data rows after the header");
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].fields.size() != header.fields.size()) {
      return ErrorAt(file_name, records[r].line,
                     absl::StrCat("row has ", records[r].fields.size(), " fields, the header (line ",
                                  header.line, ") has ", header.fields.size()));
    }
  }
  return absl::OkStatus();
}

// The values of `column` in `rows` when every one present is a finite number, else nullopt.
std::optional<std::vector<double>> NumericColumn(const std::vector<CsvRecord>& rows,
                                                 size_t column) {
  std::vector<double> values;
  values.reserve(rows.size());
  for (const CsvRecord& row : rows) {
    const std::string& field = row.fields[column];
    if (IsMissingField(field)) {
      values.push_back(kMissingValue);
      continue;
    }
    const std::optional<double> value = ParseFiniteDouble(field);
    if (!value.has_value()) return std::nullopt;
    values.push_back(*value);
  }
  return values;
}

// Fills `column` of every instance from `rows` and returns its attribute.
Attribute ConvertColumn(const std::string& name, const std::vector<CsvRecord>& rows, size_t column,
                        bool is_class, std::vector<Instance>* instances) {
  Attribute attribute;
  attribute.name = name;
  if (!is_class) {
    if (std::optional<std::vector<double>> values = NumericColumn(rows, column)) {
      attribute.type = AttributeType::kNumeric;
      for (size_t r = 0; r < rows.size(); ++r) (*instances)[r].values[column] = (*values)[r];
      return attribute;
    }
  }
  attribute.type = AttributeType::kNominal;
  std::unordered_map<std::string, int> index_of_label;
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string& field = rows[r].fields[column];
    double& value = (*instances)[r].values[column];
    if (IsMissingField(field)) {
      value = kMissingValue;
      continue;
    }
    const auto [it, inserted] =
        index_of_label.emplace(field, static_cast<int>(attribute.values.size()));
    if (inserted) attribute.values.push_back(field);
    value = it->second;
  }
  return attribute;
}

}  // namespace

absl::StatusOr<Dataset> ParseCsv(absl::string_view text, absl::string_view file_name) {
  ASSIGN_OR_RETURN(std::vector<CsvRecord> records, RecordSplitter(text, file_name).Split());
  if (records.empty()) return ErrorAt(file_name, 1, "empty file: expected a header line");
  RETURN_IF_ERROR(CheckHeader(records[0], file_name));
  RETURN_IF_ERROR(CheckRows(records, file_name));

  const std::vector<std::string> names = std::move(records[0].fields);
  records.erase(records.begin());
  Dataset data;
  data.relation = FileStem(file_name);
  data.instances.resize(records.size());
  for (Instance& instance : data.instances) instance.values.resize(names.size());
  for (size_t column = 0; column < names.size(); ++column) {
    const bool is_class = column + 1 == names.size();
    data.attributes.push_back(
        ConvertColumn(names[column], records, column, is_class, &data.instances));
  }
  data.class_index = data.num_attributes() - 1;
  return data;
}

absl::StatusOr<Dataset> ReadCsvFile(const std::string& path) {
  ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path));
  return ParseCsv(text, path);
}

}  // namespace sentio
