#include "sensing/csv_records.h"

#include <unordered_map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"

namespace sentio {
namespace {

bool IsBlank(absl::string_view line) { return absl::StripAsciiWhitespace(line).empty(); }

// Cuts the lines of a CSV text into records; a quoted field may run over several lines.
class RecordSplitter {
 public:
  RecordSplitter(absl::string_view text, absl::string_view file_name, char separator)
      : lines_(SplitLines(text)), file_name_(file_name), separator_(separator) {}

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
      } else if (c == separator_) {
        record.fields.push_back(FinishField(std::move(field), quoted));
        field.clear();
        quoted = false;
      } else if (quoted) {
        if (!absl::ascii_isspace(c)) {
          return ErrorAt(
              file_name_, LineNumber(),
              absl::StrCat("unexpected '", std::string(1, c), "' after the closing quote of field ",
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
  const char separator_;
  size_t line_index_ = 0;
};

absl::Status CheckHeader(const CsvRecord& header, absl::string_view file_name) {
  const std::vector<std::string>& names = header.fields;
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

}  // namespace

int CsvTable::ColumnOf(absl::string_view name) const {
  for (size_t i = 0; i < header.fields.size(); ++i) {
    if (header.fields[i] == name) return static_cast<int>(i);
  }
  return -1;
}

char SeparatorForPath(absl::string_view path) {
  return absl::EndsWithIgnoreCase(path, ".tsv") || absl::EndsWithIgnoreCase(path, ".tab") ? '\t'
                                                                                          : ',';
}

bool IsMissingField(absl::string_view field) { return field.empty() || field == "?"; }

absl::StatusOr<std::vector<CsvRecord>> SplitCsvRecords(absl::string_view text,
                                                       absl::string_view file_name,
                                                       char separator) {
  return RecordSplitter(text, file_name, separator).Split();
}

absl::StatusOr<CsvTable> ParseCsvTable(absl::string_view text, absl::string_view file_name,
                                       char separator) {
  ASSIGN_OR_RETURN(std::vector<CsvRecord> records, SplitCsvRecords(text, file_name, separator));
  if (records.empty()) return ErrorAt(file_name, 1, "empty file: expected a header line");
  CsvTable table;
  table.header = std::move(records[0]);
  RETURN_IF_ERROR(CheckHeader(table.header, file_name));
  if (records.size() == 1) {
    return ErrorAt(file_name, table.header.line, "no data rows after the header");
  }
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].fields.size() != table.header.fields.size()) {
      return ErrorAt(
          file_name, records[r].line,
          absl::StrCat("row has ", records[r].fields.size(), " fields, the header (line ",
                       table.header.line, ") has ", table.header.fields.size()));
    }
    table.rows.push_back(std::move(records[r]));
  }
  return table;
}

absl::Status MissingColumnError(absl::string_view file_name, const CsvTable& table,
                                absl::string_view name, absl::string_view option) {
  return ErrorAt(file_name, table.header.line,
                 absl::StrCat(option, "=", name, ": no such column (the header has ",
                              absl::StrJoin(table.header.fields, ", "), ")"));
}

}  // namespace sentio
