#include "sensing/csv_recordings.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"
#include "sensing/csv_records.h"
#include "sensing/resampling.h"

namespace sentio {
namespace {

// A step further than this share from the median period counts as jitter.
constexpr double kJitterTolerance = 0.1;
// Above this share of jittered steps, unresampled recordings get a warning.
constexpr double kIrregularShare = 0.05;
// Resampling may make at most this many samples per row read (plus a few), so that a rate far
// above the recording's cannot make memory grow without bound.
constexpr int64_t kMaxResampledPerRow = 16;

// The roles of the header's columns.
struct ColumnRoles {
  int time = -1;
  int label = -1;  // -1: unlabelled
  int group = -1;  // -1: one group
  std::vector<int> channels;
};

bool AllNumbers(const CsvTable& table, int column) {
  for (const CsvRecord& row : table.rows) {
    if (!ParseFiniteDouble(row.fields[column]).has_value()) return false;
  }
  return true;
}

absl::StatusOr<int> RequireColumn(const CsvTable& table, absl::string_view name,
                                  absl::string_view option, absl::string_view file_name) {
  const int column = table.ColumnOf(name);
  if (column < 0) return MissingColumnError(file_name, table, name, option);
  return column;
}

absl::StatusOr<ColumnRoles> AssignRoles(const CsvTable& table, const CsvRecordingOptions& options,
                                        absl::string_view file_name) {
  if (options.time_column.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(file_name, ": no time column named (--time)"));
  }
  ColumnRoles roles;
  std::set<int> taken;
  ASSIGN_OR_RETURN(roles.time, RequireColumn(table, options.time_column, "--time", file_name));
  taken.insert(roles.time);
  for (const std::string& name : options.ignore) {
    ASSIGN_OR_RETURN(const int column, RequireColumn(table, name, "--ignore", file_name));
    taken.insert(column);
  }
  // Each named role must have a column of its own.
  auto claim = [&](const std::string& name, absl::string_view option) -> absl::StatusOr<int> {
    ASSIGN_OR_RETURN(const int column, RequireColumn(table, name, option, file_name));
    if (!taken.insert(column).second) {
      return ErrorAt(file_name, table.header.line,
                     absl::StrCat(option, "=", name,
                                  ": that column is already the time column "
                                  "or ignored"));
    }
    return column;
  };
  if (!options.group_column.empty()) {
    ASSIGN_OR_RETURN(roles.group, claim(options.group_column, "--group"));
  }
  if (!options.class_column.empty()) {
    ASSIGN_OR_RETURN(roles.label, claim(options.class_column, "--class"));
  } else {
    const int last = static_cast<int>(table.header.fields.size()) - 1;
    if (taken.count(last) == 0 && !AllNumbers(table, last)) roles.label = last;
  }
  if (roles.label >= 0) taken.insert(roles.label);
  for (int c = 0; c < static_cast<int>(table.header.fields.size()); ++c) {
    if (taken.count(c) == 0) roles.channels.push_back(c);
  }
  if (roles.channels.empty()) {
    return ErrorAt(file_name, table.header.line,
                   "no value columns left once the time, class, group and ignored columns are "
                   "taken");
  }
  return roles;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  const size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + middle, values.end());
  return values[middle];
}

// Row r's group name; the rows of one recording share it.
const std::string& GroupOf(const CsvTable& table, const ColumnRoles& roles, size_t r) {
  static const std::string* const kNoGroup = new std::string;
  return roles.group < 0 ? *kNoGroup : table.rows[r].fields[roles.group];
}

// The time unit: given, or inferred from the raw times (which must rise within each recording).
absl::StatusOr<TimeUnit> ChooseUnit(const CsvTable& table, const ColumnRoles& roles,
                                    const CsvRecordingOptions& options,
                                    absl::string_view file_name) {
  const std::string& time_name = table.header.fields[roles.time];
  std::vector<double> steps;
  double largest = 0;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const CsvRecord& row = table.rows[r];
    const std::optional<double> t = ParseFiniteDouble(row.fields[roles.time]);
    if (!t.has_value()) {
      return ErrorAt(file_name, row.line,
                     absl::StrCat("column '", time_name, "': '", row.fields[roles.time],
                                  "' is not a time (a number in s, ms, us or ns)"));
    }
    largest = std::max(largest, std::abs(*t));
    if (r == 0 || GroupOf(table, roles, r) != GroupOf(table, roles, r - 1)) continue;
    const double step = *t - *ParseFiniteDouble(table.rows[r - 1].fields[roles.time]);
    if (step <= 0) {
      return ErrorAt(
          file_name, row.line,
          absl::StrCat("column '", time_name, "': ", row.fields[roles.time],
                       " is not after the previous row's ", table.rows[r - 1].fields[roles.time],
                       " (line ", table.rows[r - 1].line, "); times must increase",
                       roles.group < 0 ? "" : " within each run of rows of one group"));
    }
    steps.push_back(step);
  }
  if (options.time_unit.has_value()) return *options.time_unit;
  return InferTimeUnit(largest, Median(std::move(steps)));
}

// One case under construction: the rows it takes its samples from.
struct CaseRows {
  int first_line = 0;
  int group = 0;
  std::string label;  // empty: unlabelled
  std::vector<int64_t> times_us;
  std::vector<float> samples;
};

}  // namespace

absl::StatusOr<CsvRecordings> ParseCsvRecordings(absl::string_view text,
                                                 absl::string_view file_name,
                                                 const CsvRecordingOptions& options) {
  if (options.resample_hz < 0 || options.resample_hz > 1e6) {
    return absl::InvalidArgumentError(absl::StrCat(
        file_name, ": resampling rate ", options.resample_hz, " Hz is outside 0 to 1 MHz"));
  }
  ASSIGN_OR_RETURN(const CsvTable table, ParseCsvTable(text, file_name, options.separator));
  ASSIGN_OR_RETURN(const ColumnRoles roles, AssignRoles(table, options, file_name));
  CsvRecordings result;
  ASSIGN_OR_RETURN(result.time_unit, ChooseUnit(table, roles, options, file_name));
  result.time_unit_inferred = !options.time_unit.has_value();
  if (roles.label >= 0) result.class_column = table.header.fields[roles.label];

  // Times in µs, and the median step within recordings.
  std::vector<int64_t> times_us(table.rows.size());
  std::vector<double> steps;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const CsvRecord& row = table.rows[r];
    const std::optional<int64_t> t = ParseTimestampUs(row.fields[roles.time], result.time_unit);
    if (!t.has_value()) {
      return ErrorAt(file_name, row.line,
                     absl::StrCat("column '", table.header.fields[roles.time], "': ",
                                  row.fields[roles.time], " ", TimeUnitName(result.time_unit),
                                  " does not fit in 64-bit microseconds"));
    }
    times_us[r] = *t;
    if (r > 0 && GroupOf(table, roles, r) == GroupOf(table, roles, r - 1)) {
      if (times_us[r] <= times_us[r - 1]) {
        return ErrorAt(
            file_name, row.line,
            absl::StrCat("time ", row.fields[roles.time], " ", TimeUnitName(result.time_unit),
                         " is less than a microsecond after the previous row's"));
      }
      steps.push_back(static_cast<double>(times_us[r] - times_us[r - 1]));
    }
  }
  const double median_step_us = Median(steps);
  result.median_rate_hz = median_step_us > 0 ? 1e6 / median_step_us : 0;
  const double max_gap_us = options.max_gap_periods * median_step_us;

  std::vector<std::string> channel_names;
  for (int c : roles.channels) channel_names.push_back(table.header.fields[c]);
  std::unordered_map<std::string, int> group_index;
  std::vector<CaseRows> cases;
  int jittered = 0;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const CsvRecord& row = table.rows[r];
    const std::string& group = GroupOf(table, roles, r);
    if (roles.group >= 0 && IsMissingField(group)) {
      return ErrorAt(file_name, row.line,
                     absl::StrCat("column '", table.header.fields[roles.group], "' is empty"));
    }
    const std::string label =
        roles.label >= 0 && !IsMissingField(row.fields[roles.label]) ? row.fields[roles.label] : "";
    const bool same_recording = r > 0 && group == GroupOf(table, roles, r - 1);
    const double step = same_recording ? static_cast<double>(times_us[r] - times_us[r - 1]) : 0;
    const bool gap = same_recording && step > max_gap_us;
    if (same_recording && !gap &&
        std::abs(step - median_step_us) > kJitterTolerance * median_step_us) {
      ++jittered;
    }
    result.gaps += gap;
    if (!same_recording || gap || label != cases.back().label) {
      const auto [it, inserted] =
          group_index.emplace(group, static_cast<int>(result.group_names.size()));
      if (inserted) result.group_names.push_back(group);
      cases.push_back({row.line, it->second, label, {}, {}});
    }
    CaseRows& current = cases.back();
    current.times_us.push_back(times_us[r]);
    for (int c : roles.channels) {
      const std::optional<double> value = ParseFiniteDouble(row.fields[c]);
      if (value.has_value() && !std::isfinite(static_cast<float>(*value))) {
        return ErrorAt(file_name, row.line,
                       absl::StrCat("column '", table.header.fields[c], "': ", row.fields[c],
                                    " is beyond the range of a sample (32-bit float)"));
      }
      if (!value.has_value()) {
        return ErrorAt(file_name, row.line,
                       absl::StrCat("column '", table.header.fields[c], "': '", row.fields[c],
                                    "' is not a number (a value column: leave it out with "
                                    "--ignore=",
                                    table.header.fields[c], ")"));
      }
      current.samples.push_back(static_cast<float>(*value));
    }
  }

  result.data.problem_name = FileStem(file_name);
  std::unordered_map<std::string, int> label_index;
  for (CaseRows& rows : cases) {
    ASSIGN_OR_RETURN(ImuBlock block, ImuBlock::Create(channel_names, std::move(rows.times_us),
                                                      std::move(rows.samples)));
    if (options.resample_hz > 0) {
      const int64_t period_us = std::llround(1e6 / options.resample_hz);
      const int64_t span_us = block.timestamps_us().back() - block.timestamps_us().front();
      if (span_us / period_us > kMaxResampledPerRow * block.num_samples() + 1024) {
        return ErrorAt(file_name, rows.first_line,
                       absl::StrFormat("resampling the %d samples from here at %g Hz would make "
                                       "%d; choose a --resample_hz nearer the recording's %.4g Hz",
                                       block.num_samples(), options.resample_hz,
                                       span_us / period_us + 1, result.median_rate_hz));
      }
      ASSIGN_OR_RETURN(block, ResampleLinear(block, period_us));
    }
    TimeSeriesCase c{std::move(block), -1};
    if (!rows.label.empty()) {
      const auto [it, inserted] =
          label_index.emplace(rows.label, static_cast<int>(result.data.class_labels.size()));
      if (inserted) result.data.class_labels.push_back(rows.label);
      c.label = it->second;
    }
    result.data.cases.push_back(std::move(c));
    result.group_of_case.push_back(rows.group);
  }
  if (options.resample_hz <= 0 && !steps.empty() &&
      jittered > kIrregularShare * static_cast<double>(steps.size())) {
    result.warnings.push_back(absl::StrFormat(
        "sample times are irregular: %.0f %% of the steps differ from the median (%.4g Hz) by "
        "more than %.0f %%; --resample_hz puts each case on a regular grid",
        100.0 * jittered / steps.size(), result.median_rate_hz, 100 * kJitterTolerance));
  }
  return result;
}

absl::StatusOr<CsvRecordings> ReadCsvRecordingsFile(const std::string& path,
                                                    CsvRecordingOptions options) {
  ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path));
  options.separator = SeparatorForPath(path);
  return ParseCsvRecordings(text, path, options);
}

}  // namespace sentio
