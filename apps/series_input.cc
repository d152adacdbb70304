#include "apps/series_input.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "apps/classifier_table.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "base/text_parsing.h"

namespace sentio {
namespace {

// The default window of a timestamped log: 2.56 s, the length UCI HAR and most activity
// recognition studies use.
constexpr double kDefaultWindowSeconds = 2.56;

// Group names, one per non-blank line of `path`, indexed in order of first appearance.
absl::Status ReadGroupsFile(const std::string& path, SeriesInput& input) {
  ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path));
  std::unordered_map<std::string, int> index_of;
  for (absl::string_view line : SplitLines(text)) {
    const std::string name(absl::StripAsciiWhitespace(line));
    if (name.empty()) continue;
    const auto [it, inserted] = index_of.emplace(name, static_cast<int>(input.group_names.size()));
    if (inserted) input.group_names.push_back(name);
    input.group_of_case.push_back(it->second);
  }
  if (input.group_of_case.size() != input.data.cases.size()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", input.group_of_case.size(),
                                                   " group names for ", input.data.cases.size(),
                                                   " cases (one line per case)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<SeriesInput> ReadTs(const std::string& path, const SeriesFlags& flags) {
  SeriesInput input;
  ASSIGN_OR_RETURN(input.data, ReadTsFile(path, flags.ts));
  input.rate_hz = flags.ts.sample_rate_hz;
  if (!flags.groups_path.empty()) RETURN_IF_ERROR(ReadGroupsFile(flags.groups_path, input));
  return input;
}

absl::StatusOr<SeriesInput> ReadCsv(const std::string& path, const SeriesFlags& flags) {
  ASSIGN_OR_RETURN(CsvRecordings recordings, ReadCsvRecordingsFile(path, flags.recordings));
  SeriesInput input;
  input.data = std::move(recordings.data);
  if (!flags.recordings.group_column.empty()) {
    input.group_of_case = std::move(recordings.group_of_case);
    input.group_names = std::move(recordings.group_names);
  }
  input.rate_hz =
      flags.recordings.resample_hz > 0 ? flags.recordings.resample_hz : recordings.median_rate_hz;
  input.notes.push_back(absl::StrFormat(
      "Timestamps: column '%s' in %s (%s), median rate %.4g Hz, gaps longer than %g periods: "
      "%d%s",
      flags.recordings.time_column, TimeUnitName(recordings.time_unit),
      recordings.time_unit_inferred ? "inferred: --time_unit sets it" : "given",
      recordings.median_rate_hz, flags.recordings.max_gap_periods, recordings.gaps,
      flags.recordings.resample_hz > 0
          ? absl::StrFormat(", resampled to %g Hz", flags.recordings.resample_hz)
          : ""));
  input.notes.push_back(
      recordings.class_column.empty()
          ? "Labels: none (the last column holds numbers, or has another role: --class names the "
            "label column)"
          : absl::StrCat("Labels: column '", recordings.class_column, "'"));
  input.warnings = std::move(recordings.warnings);
  return input;
}

}  // namespace

bool IsSeriesInput(const std::string& data_path, const CommandLine& flags) {
  return absl::EndsWithIgnoreCase(data_path, ".ts") || flags.Has("time");
}

absl::StatusOr<SeriesFlags> ReadSeriesFlags(CommandLine& flags, bool for_evaluation) {
  SeriesFlags series;
  series.csv = flags.Has("time");
  const TableFlags columns = ReadTableFlags(flags, /*with_group=*/true);
  if (series.csv) {
    series.recordings.time_column = flags.GetString("time", "");
    if (flags.Has("time_unit")) {
      ASSIGN_OR_RETURN(series.recordings.time_unit,
                       ParseTimeUnit(flags.GetString("time_unit", "")));
    }
    series.recordings.class_column = columns.class_column;
    series.recordings.group_column = columns.columns.group;
    series.recordings.ignore = columns.columns.ignore;
    ASSIGN_OR_RETURN(series.recordings.max_gap_periods,
                     flags.GetDouble("max_gap_periods", series.recordings.max_gap_periods));
    ASSIGN_OR_RETURN(series.recordings.resample_hz, flags.GetDouble("resample_hz", 0));
    if (series.recordings.max_gap_periods < 1 || series.recordings.resample_hz < 0 ||
        series.recordings.resample_hz > 1e6) {
      return absl::InvalidArgumentError(
          "--max_gap_periods must be at least 1 and --resample_hz between 0 and 1e6");
    }
  } else {
    if (!columns.class_column.empty() || !columns.columns.ignore.empty() ||
        !columns.columns.group.empty()) {
      return absl::InvalidArgumentError(
          "--class, --ignore and --group are for tables and timestamped CSV (--time); a .ts "
          "file's cases carry their class, and --groups=F gives their groups");
    }
    ASSIGN_OR_RETURN(series.ts.sample_rate_hz, flags.GetDouble("rate_hz", 1.0));
    if (for_evaluation) series.groups_path = flags.GetString("groups", "");
  }
  if (flags.Has("window")) {
    ASSIGN_OR_RETURN(series.window, flags.GetInt("window", 0));
  }
  if (flags.Has("hop")) {
    ASSIGN_OR_RETURN(series.hop, flags.GetInt("hop", 0));
  }
  return series;
}

absl::StatusOr<SeriesInput> ReadSeriesInput(const std::string& path, const SeriesFlags& flags) {
  ASSIGN_OR_RETURN(SeriesInput input, flags.csv ? ReadCsv(path, flags) : ReadTs(path, flags));
  if (input.data.cases.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": no cases"));
  if (!input.group_names.empty() && input.group_names.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": every case is in group '", input.group_names[0],
                     "': leave-one-group-out needs at least two groups"));
  }
  return input;
}

absl::StatusOr<WindowSpec> ChooseWindow(const SeriesFlags& flags, const SeriesInput& input) {
  int64_t shortest = input.data.cases[0].series.num_samples();
  for (const TimeSeriesCase& c : input.data.cases) {
    shortest = std::min(shortest, c.series.num_samples());
  }
  WindowSpec window;
  window.size = flags.window.value_or(
      flags.csv ? std::max<int64_t>(1, std::llround(kDefaultWindowSeconds * input.rate_hz))
                : std::max<int64_t>(1, shortest / 2));
  window.hop = flags.hop.value_or(std::max<int64_t>(1, window.size / 2));
  if (window.size < 1 || window.hop < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--window=", window.size, " and --hop=", window.hop, " must be at least 1 sample"));
  }
  return window;
}

absl::Status DropShortCases(const SeriesFlags& flags, int64_t window_size, const std::string& path,
                            SeriesInput& input) {
  if (!flags.csv) return absl::OkStatus();
  std::vector<TimeSeriesCase> cases;
  std::vector<int> groups;
  for (size_t c = 0; c < input.data.cases.size(); ++c) {
    if (input.data.cases[c].series.num_samples() < window_size) continue;
    cases.push_back(std::move(input.data.cases[c]));
    if (!input.group_of_case.empty()) groups.push_back(input.group_of_case[c]);
  }
  const size_t total = input.data.cases.size();
  if (cases.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": all ", total,
                                                   " cases are shorter than a window of ",
                                                   window_size, " samples (--window)"));
  }
  if (cases.size() < total) {
    input.notes.push_back(absl::StrCat("Left out ", total - cases.size(), " of ", total,
                                       " cases shorter than a window (pieces between gaps and "
                                       "label changes)"));
  }
  input.data.cases = std::move(cases);
  input.group_of_case = std::move(groups);
  return absl::OkStatus();
}

void PrintSeriesNotes(const SeriesInput& input, std::ostream& out) {
  for (const std::string& note : input.notes) out << note << "\n";
  for (const std::string& warning : input.warnings) out << "Warning: " << warning << "\n";
}

namespace {

absl::Status MapLabels(const std::vector<std::string>& class_labels, const std::string& path,
                       TimeSeriesDataset& data) {
  for (TimeSeriesCase& c : data.cases) {
    if (c.label < 0) continue;
    const std::string& label = data.class_labels[c.label];
    const auto it = std::find(class_labels.begin(), class_labels.end(), label);
    if (it == class_labels.end()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": label '", label,
                                                     "' is not one of the model's classes (",
                                                     absl::StrJoin(class_labels, ", "), ")"));
    }
    c.label = static_cast<int>(it - class_labels.begin());
  }
  data.class_labels = class_labels;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SeriesWindows> ReadSeriesWindows(const std::string& path, const SeriesFlags& flags,
                                                const FeatureSet& feature_set,
                                                const std::vector<std::string>* class_labels) {
  SeriesWindows windows;
  ASSIGN_OR_RETURN(windows.input, ReadSeriesInput(path, flags));
  TimeSeriesDataset& data = windows.input.data;
  if (class_labels != nullptr) RETURN_IF_ERROR(MapLabels(*class_labels, path, data));
  ASSIGN_OR_RETURN(windows.window, ChooseWindow(flags, windows.input));
  RETURN_IF_ERROR(DropShortCases(flags, windows.window.size, path, windows.input));
  std::vector<int> all_cases(data.cases.size());
  std::iota(all_cases.begin(), all_cases.end(), 0);
  ASSIGN_OR_RETURN(windows.features,
                   ExtractWindowFeatures(data, all_cases, windows.window, feature_set));
  windows.features.windows.relation = absl::StrCat(data.problem_name, "-", feature_set.name());
  return windows;
}

void PrintSeriesWindows(const SeriesWindows& windows, const FeatureSet& feature_set,
                        std::ostream& out) {
  const TimeSeriesDataset& data = windows.input.data;
  int64_t shortest = data.cases[0].series.num_samples();
  for (const TimeSeriesCase& c : data.cases) shortest = std::min(shortest, c.series.num_samples());
  out << "Data: " << data.problem_name << ": " << data.cases.size() << " cases, channels ["
      << absl::StrJoin(data.cases[0].series.channel_names(), ", ") << "], shortest " << shortest
      << " samples, " << data.class_labels.size() << " classes\n";
  PrintSeriesNotes(windows.input, out);
  out << "Feature set: " << feature_set.name() << " (" << feature_set.description() << "), "
      << windows.features.windows.num_attributes() - 1 << " features\n";
  out << "Windows: " << windows.window.size << " samples every " << windows.window.hop
      << " samples at " << windows.input.rate_hz << " Hz\n";
}

}  // namespace sentio
