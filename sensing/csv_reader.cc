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
#include "sensing/csv_records.h"

namespace sentio {
namespace {

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

// Fills value `attribute_index` of every instance from `column` of `rows` and returns its
// attribute.
Attribute ConvertColumn(const std::vector<CsvRecord>& rows, size_t column, size_t attribute_index,
                        bool is_class, const std::string& name, std::vector<Instance>* instances) {
  Attribute attribute;
  attribute.name = name;
  if (!is_class) {
    if (std::optional<std::vector<double>> values = NumericColumn(rows, column)) {
      attribute.type = AttributeType::kNumeric;
      for (size_t r = 0; r < rows.size(); ++r) {
        (*instances)[r].values[attribute_index] = (*values)[r];
      }
      return attribute;
    }
  }
  attribute.type = AttributeType::kNominal;
  std::unordered_map<std::string, int> index_of_label;
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string& field = rows[r].fields[column];
    double& value = (*instances)[r].values[attribute_index];
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

absl::StatusOr<Dataset> ParseCsv(absl::string_view text, absl::string_view file_name,
                                 const CsvReadOptions& options) {
  ASSIGN_OR_RETURN(const CsvTable table, ParseCsvTable(text, file_name, options.separator));
  const std::vector<std::string>& names = table.header.fields;
  if (names.size() < 2) {
    return ErrorAt(file_name, table.header.line,
                   absl::StrCat("the header has ", names.size(),
                                " column; at least one attribute and the class are needed"));
  }
  int class_column = static_cast<int>(names.size()) - 1;
  if (!options.class_column.empty()) {
    class_column = table.ColumnOf(options.class_column);
    if (class_column < 0) {
      return MissingColumnError(file_name, table, options.class_column, "--class");
    }
  }
  // The class goes last, where Weka's files have it.
  std::vector<int> columns;
  for (int c = 0; c < static_cast<int>(names.size()); ++c) {
    if (c != class_column) columns.push_back(c);
  }
  columns.push_back(class_column);

  Dataset data;
  data.relation = FileStem(file_name);
  data.instances.resize(table.rows.size());
  for (Instance& instance : data.instances) instance.values.resize(names.size());
  for (size_t a = 0; a < columns.size(); ++a) {
    data.attributes.push_back(ConvertColumn(table.rows, columns[a], a, columns[a] == class_column,
                                            names[columns[a]], &data.instances));
  }
  data.class_index = data.num_attributes() - 1;
  return data;
}

absl::StatusOr<Dataset> ReadCsvFile(const std::string& path, const std::string& class_column) {
  ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path));
  CsvReadOptions options;
  options.class_column = class_column;
  options.separator = SeparatorForPath(path);
  return ParseCsv(text, path, options);
}

}  // namespace sentio
