// Timestamped sensor logs in CSV/TSV, as phones, watches and loggers export them (one sample per
// row: a time column, value columns, and optionally each row's activity and subject), turned into
// the labelled cases a UEA `.ts` archive holds, so the same windowing, features and evaluation
// apply. Each run of rows of one subject is a recording; a recording is cut into cases where the
// label changes and at gaps (samples further apart than a few sampling periods), so no window
// spans a gap or two activities. Sample times may jitter; each case can be resampled onto a
// regular grid. Errors name the file, line and column.
#ifndef SENSING_CSV_RECORDINGS_H_
#define SENSING_CSV_RECORDINGS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/time_series.h"
#include "sensing/time_units.h"

namespace sentio {

struct CsvRecordingOptions {
  std::string time_column;            // required
  std::optional<TimeUnit> time_unit;  // unset: InferTimeUnit
  // The label column. Empty: the last column, unless it holds numbers only (then the rows are
  // unlabelled and it is a channel).
  std::string class_column;
  std::string group_column;         // the subject or recording of each row; empty: none
  std::vector<std::string> ignore;  // neither channel nor label
  // A step longer than this many median sampling periods is a gap.
  double max_gap_periods = 3;
  double resample_hz = 0;  // > 0: every case resampled to this rate (linear interpolation)
  char separator = ',';
};

struct CsvRecordings {
  // Cases in file order, named after the file; class labels in order of first appearance.
  // Unlabelled rows give cases with label -1.
  TimeSeriesDataset data;
  std::vector<int> group_of_case;  // index into group_names; all 0 without a group column
  std::vector<std::string> group_names;
  std::string class_column;  // the column used, empty when unlabelled
  TimeUnit time_unit = TimeUnit::kSeconds;
  bool time_unit_inferred = false;
  double median_rate_hz = 0;  // from the median step over all recordings
  int gaps = 0;               // cuts made at gaps
  // Notes for the user: irregular sample times that were not resampled.
  std::vector<std::string> warnings;
};

absl::StatusOr<CsvRecordings> ParseCsvRecordings(absl::string_view text,
                                                 absl::string_view file_name,
                                                 const CsvRecordingOptions& options);

// The file, tab separated when its name ends in .tsv or .tab (options.separator is ignored).
absl::StatusOr<CsvRecordings> ReadCsvRecordingsFile(const std::string& path,
                                                    CsvRecordingOptions options);

}  // namespace sentio

#endif  // SENSING_CSV_RECORDINGS_H_
