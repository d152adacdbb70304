#include "sensing/csv_imu_reader.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"

namespace sentio {
namespace {

std::vector<absl::string_view> SplitFields(absl::string_view line) {
  std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
  for (absl::string_view& field : fields) {
    field = absl::StripAsciiWhitespace(field);
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
      field = field.substr(1, field.size() - 2);
    }
  }
  return fields;
}

absl::StatusOr<int> FindColumn(const std::vector<absl::string_view>& header,
                               const std::string& name, absl::string_view file_name) {
  int found = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] != name) continue;
    if (found >= 0) return ErrorAt(file_name, 1, absl::StrCat("column '", name, "' appears twice"));
    found = static_cast<int>(i);
  }
  if (found < 0) {
    return ErrorAt(
        file_name, 1,
        absl::StrCat("no column '", name, "' in the header (", absl::StrJoin(header, ", "), ")"));
  }
  return found;
}

}  // namespace

absl::StatusOr<LabelledImuRecording> ParseLabelledCsvImu(absl::string_view text,
                                                         absl::string_view file_name,
                                                         const CsvImuColumns& columns) {
  if (columns.value_columns.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(file_name, ": no value columns asked for"));
  }
  const std::vector<absl::string_view> lines = SplitLines(text);
  if (lines.empty() || absl::StripAsciiWhitespace(lines[0]).empty()) {
    return ErrorAt(file_name, 1, "expected a header line of column names");
  }
  const std::vector<absl::string_view> header = SplitFields(lines[0]);
  ASSIGN_OR_RETURN(const int time_index, FindColumn(header, columns.time_column, file_name));
  std::vector<int> value_indices;
  for (const std::string& name : columns.value_columns) {
    ASSIGN_OR_RETURN(const int index, FindColumn(header, name, file_name));
    value_indices.push_back(index);
  }
  std::optional<int> label_index;
  if (!columns.label_column.empty()) {
    ASSIGN_OR_RETURN(label_index, FindColumn(header, columns.label_column, file_name));
  }
  std::vector<std::string> labels;
  std::vector<int64_t> timestamps;
  std::vector<float> samples;
  for (size_t i = 1; i < lines.size(); ++i) {
    const int line_number = static_cast<int>(i) + 1;
    if (absl::StripAsciiWhitespace(lines[i]).empty()) continue;
    const std::vector<absl::string_view> fields = SplitFields(lines[i]);
    if (fields.size() != header.size()) {
      return ErrorAt(file_name, line_number,
                     absl::StrCat("expected ", header.size(), " fields as in the header, found ",
                                  fields.size()));
    }
    const std::optional<int64_t> t = ParseTimestampUs(fields[time_index], columns.time_unit);
    if (!t) {
      return ErrorAt(file_name, line_number,
                     absl::StrCat("timestamp '", fields[time_index], "' in column '",
                                  columns.time_column, "' is not a number in range"));
    }
    if (!timestamps.empty() && *t <= timestamps.back()) {
      return ErrorAt(file_name, line_number,
                     absl::StrCat("timestamp ", *t, " µs is not after the previous line's ",
                                  timestamps.back(), " µs"));
    }
    timestamps.push_back(*t);
    for (size_t c = 0; c < value_indices.size(); ++c) {
      const absl::string_view field = fields[value_indices[c]];
      const std::optional<double> value = ParseFiniteDouble(field);
      if (!value || std::abs(*value) > 3.4e38) {
        return ErrorAt(file_name, line_number,
                       absl::StrCat("value '", field, "' in column '", columns.value_columns[c],
                                    "' is not a finite number"));
      }
      samples.push_back(static_cast<float>(*value));
    }
    if (label_index) labels.emplace_back(fields[*label_index]);
  }
  ASSIGN_OR_RETURN(ImuBlock block, ImuBlock::Create(columns.value_columns, std::move(timestamps),
                                                    std::move(samples)));
  return LabelledImuRecording{std::move(block), std::move(labels)};
}

absl::StatusOr<ImuBlock> ParseCsvImu(absl::string_view text, absl::string_view file_name,
                                     const CsvImuColumns& columns) {
  ASSIGN_OR_RETURN(LabelledImuRecording recording, ParseLabelledCsvImu(text, file_name, columns));
  return std::move(recording.block);
}

absl::StatusOr<LabelledImuRecording> ReadLabelledCsvImuFile(const std::string& path,
                                                            const CsvImuColumns& columns) {
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  return ParseLabelledCsvImu(text, path, columns);
}

absl::StatusOr<ImuBlock> ReadCsvImuFile(const std::string& path, const CsvImuColumns& columns) {
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  return ParseCsvImu(text, path, columns);
}

}  // namespace sentio
