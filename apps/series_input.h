// How `sentio features`, `eval` and `train` read labelled recordings and cut them into windows:
// a UEA/sktime .ts archive, or a timestamped CSV/TSV log when `--time` names its time column
// (sensing/csv_recordings.h). Flags:
//
//   .ts:   --rate_hz=R (sampling rate, default 1)  --groups=F (one group name per case and line)
//   CSV:   --time=NAME [--time_unit=s|ms|us|ns] [--class=NAME] [--group=NAME] [--ignore=A,B]
//          [--max_gap_periods=3] [--resample_hz=R]
//   both:  --window=N --hop=N (samples; default: .ts half the shortest case, CSV 2.56 s at the
//          sampling rate; the hop half a window)
#ifndef APPS_SERIES_INPUT_H_
#define APPS_SERIES_INPUT_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "apps/command_line.h"
#include "features/feature_sets.h"
#include "features/window_features.h"
#include "sensing/csv_recordings.h"
#include "sensing/sliding_windows.h"
#include "sensing/time_series.h"
#include "sensing/ts_reader.h"

namespace sentio {

// Whether `sentio features|eval|train` read `data_path` as recordings: a .ts file, or `--time`
// given.
bool IsSeriesInput(const std::string& data_path, const CommandLine& flags);

struct SeriesFlags {
  bool csv = false;
  TsReadOptions ts;
  std::string groups_path;  // .ts only
  CsvRecordingOptions recordings;
  std::optional<int64_t> window, hop;
};

// `for_evaluation`: also --groups (a .ts file's groups, for leave-one-group-out).
absl::StatusOr<SeriesFlags> ReadSeriesFlags(CommandLine& flags, bool for_evaluation = false);

struct SeriesInput {
  TimeSeriesDataset data;
  std::vector<int> group_of_case;  // empty without groups
  std::vector<std::string> group_names;
  double rate_hz = 0;                 // the sampling rate the windows are counted at
  std::vector<std::string> notes;     // how the file was read, for the summary
  std::vector<std::string> warnings;  // what the user should look at
};

// Reads `path` as `flags` say. Fails naming the file when it has no cases.
absl::StatusOr<SeriesInput> ReadSeriesInput(const std::string& path, const SeriesFlags& flags);

// The window and hop: given, or the defaults above. Fails when they are not positive.
absl::StatusOr<WindowSpec> ChooseWindow(const SeriesFlags& flags, const SeriesInput& input);

// For a timestamped log, removes the cases shorter than `window_size` samples (a log cut at gaps
// and label changes has short pieces) and notes how many went; fails naming the file when none is
// left. A .ts archive's cases are left as they are: one shorter than a window is an error there.
absl::Status DropShortCases(const SeriesFlags& flags, int64_t window_size, const std::string& path,
                            SeriesInput& input);

// Prints each note as is and each warning as a `Warning: ` line.
void PrintSeriesNotes(const SeriesInput& input, std::ostream& out);

// Recordings read, windowed and described by a feature set, as `sentio features`, `train` and
// `predict` use them.
struct SeriesWindows {
  SeriesInput input;
  WindowSpec window;
  WindowFeatures features;  // relation "<problem>-<set>"
};

// Reads `path`, windows it and computes `feature_set` of every window. With `class_labels` (a
// model's), the cases' labels are mapped onto them, so that unlabelled data and data with fewer
// classes get the model's header; a label the model lacks is an error naming it.
absl::StatusOr<SeriesWindows> ReadSeriesWindows(
    const std::string& path, const SeriesFlags& flags, const FeatureSet& feature_set,
    const std::vector<std::string>* class_labels = nullptr);

// The summary lines of `windows`: cases, channels and classes, the notes, the features and the
// windows.
void PrintSeriesWindows(const SeriesWindows& windows, const FeatureSet& feature_set,
                        std::ostream& out);

}  // namespace sentio

#endif  // APPS_SERIES_INPUT_H_
